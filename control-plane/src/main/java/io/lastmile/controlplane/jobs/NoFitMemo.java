package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.Decision;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What fits nowhere in one scheduling round. Within a round the view only loses room (each
 * placement allocates on its node), so a job that asks for what an earlier job of the round was
 * refused (the same resources, placement constraints, class and scoring: everything the filters
 * read) is refused as well, and its decision is taken over instead of filtering the fleet again. A
 * backlog of thousands of equal jobs behind a full fleet costs one decision per round, not one per
 * job. Forgotten when a round starts, and when a stage gives the view room back (preemption).
 *
 * <p>The decision taken over is the first job's: its rejection counts are those of the view as it
 * was then, earlier in the same round.
 */
final class NoFitMemo {
  private final Map<Key, Decision.Unschedulable> refused = new HashMap<>();

  private record Key(
      ResourceRequest resources,
      PlacementConstraints placement,
      JobClass jobClass,
      JobScoring scoring) {
    static Key of(JobSpec spec) {
      return new Key(spec.resources(), spec.placement(), spec.jobClass(), spec.scoring());
    }
  }

  /** The decision of an earlier job of this round that asked for the same, if it was refused. */
  Optional<Decision> refused(JobSpec spec) {
    return Optional.ofNullable(refused.get(Key.of(spec)));
  }

  /** Keeps {@code decision} for the jobs that ask for what {@code spec} asks, if it refused it. */
  void decided(JobSpec spec, Decision decision) {
    if (decision instanceof Decision.Unschedulable no) {
      refused.put(Key.of(spec), no);
    }
  }

  void forget() {
    refused.clear();
  }
}
