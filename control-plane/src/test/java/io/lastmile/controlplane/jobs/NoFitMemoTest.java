package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Behind a full node, jobs that ask for what an earlier job of the round was refused are refused
 * with its decision instead of filtering the fleet again; a job asking for something else is still
 * decided on its own.
 */
class NoFitMemoTest {
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final JobControl control =
      new JobControl(new InMemoryJobStore(), cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);
  private final List<String> decided = new ArrayList<>();
  private final SchedulingLoop loop =
      TestLoops.loop(
          control,
          cluster,
          scheduler,
          (request, view) -> {
            decided.add(request.jobId());
            return scheduler.decide(request, view);
          },
          clock);

  @Test
  void equalJobsBehindAFullNodeCostOneDecisionAndShareItsExplanation() {
    control.registered(RecoveryTest.node(), new RecoveryTest.RecordingLink(), List.of());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(control.submit("req-" + i, RecoveryTest.spec()).job().id());
    }
    JobSpec bigger = withGpus(RecoveryTest.spec(), 3); // more than the node has
    String other = control.submit("req-bigger", bigger).job().id();

    loop.tick();

    // Two fit the node's two GPUs; the third is refused; seven more like it are not decided again.
    assertThat(ids.stream().filter(id -> control.get(id).state() == JobState.SCHEDULED)).hasSize(2);
    List<String> refused =
        ids.stream().filter(id -> control.get(id).state() == JobState.PENDING).toList();
    assertThat(refused).hasSize(8);
    assertThat(decided).contains(other).hasSize(4);
    assertThat(decided.stream().filter(ids::contains)).hasSize(3);
    String why = control.get(refused.get(0)).message();
    assertThat(why).contains("GPU");
    assertThat(refused).allSatisfy(id -> assertThat(control.get(id).message()).isEqualTo(why));
    assertThat(control.explanation(refused.get(7))).isEqualTo(control.explanation(refused.get(0)));
    assertThat(control.get(other).state()).isEqualTo(JobState.PENDING);
  }

  private static JobSpec withGpus(JobSpec spec, int gpus) {
    ResourceRequest r = spec.resources();
    return new JobSpec(
        "bigger",
        spec.workload(),
        new ResourceRequest(gpus, r.gpuMemoryMiB(), r.gpuModel(), r.cpuMillis(), r.memoryMiB()),
        spec.placement(),
        spec.jobClass(),
        spec.deadline(),
        spec.expectedDuration(),
        spec.maxAttempts(),
        spec.priority(),
        spec.timeout());
  }
}
