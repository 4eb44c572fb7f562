package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One simulated job: the trace requests of one origin and class over one aggregation window, run as
 * one GPU for {@code run}.
 *
 * @param index position in the workload, for per-job bookkeeping
 * @param deadline latest start for deferrable jobs; null otherwise
 * @param maxRttMs round-trip bound from the origin; 0 for none
 */
public record SimJob(
    int index,
    String id,
    Instant arrival,
    String origin,
    JobClass jobClass,
    Duration run,
    Instant deadline,
    double maxRttMs,
    int requests,
    SchedulingRequest request) {

  public static SimJob of(
      int index,
      Instant arrival,
      String origin,
      JobClass jobClass,
      Duration run,
      Instant deadline,
      double maxRttMs,
      int requests) {
    String id = "job-%07d".formatted(index);
    JobSpec spec =
        new JobSpec(
            jobClass.name().toLowerCase(Locale.ROOT) + "-" + origin,
            Workload.command("serve"),
            new ResourceRequest(1, 0, "", 0, 0),
            new PlacementConstraints(origin, maxRttMs, Set.of(), Map.of()),
            jobClass,
            deadline,
            run,
            1,
            0,
            null);
    return new SimJob(
        index,
        id,
        arrival,
        origin,
        jobClass,
        run,
        deadline,
        maxRttMs,
        requests,
        new SchedulingRequest(id, spec));
  }
}
