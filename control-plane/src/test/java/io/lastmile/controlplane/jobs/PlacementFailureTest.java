package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.InMemoryJobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One job whose placement throws does not stop the scheduling cycle for the others. */
class PlacementFailureTest {
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final JobControl control =
      new JobControl(new InMemoryJobStore(), cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);
  private String failing;

  private final SchedulingLoop loop =
      TestLoops.loop(
          control,
          cluster,
          scheduler,
          (request, view) -> {
            if (request.jobId().equals(failing)) {
              throw new IllegalStateException("a scorer broke on " + request.jobId());
            }
            return scheduler.decide(request, view);
          },
          clock);

  @Test
  void aJobWhosePlacementThrowsIsBackedOffAndExplainedWhileTheOthersArePlaced() {
    RecoveryTest.RecordingLink link = new RecoveryTest.RecordingLink();
    control.registered(RecoveryTest.node(), link, List.of());
    failing = control.submit("req-failing", RecoveryTest.spec()).job().id();
    String first = control.submit("req-1", RecoveryTest.spec()).job().id();
    String second = control.submit("req-2", RecoveryTest.spec()).job().id();
    assertThat(queue.due(Fixtures.NOW)).contains(failing, first, second);

    loop.tick();

    assertThat(control.get(first).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(control.get(second).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(link.sent)
        .anyMatch(sent -> sent.startsWith("assign " + first + "/1 epoch "))
        .anyMatch(sent -> sent.startsWith("assign " + second + "/1 epoch "))
        .noneMatch(sent -> sent.startsWith("assign " + failing));
    assertThat(control.get(failing).state()).isEqualTo(JobState.PENDING);
    assertThat(control.get(failing).message())
        .startsWith("placement failed with an internal error (ref ")
        .endsWith("in the control plane's log); retrying after a back-off");
    assertThat(queue.due(Fixtures.NOW)).doesNotContain(failing);
    assertThat(queue.due(Fixtures.NOW.plus(Duration.ofMinutes(1)))).containsExactly(failing);
  }
}
