package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The placements of a scheduling cycle are made durable in one store write, and reach agents and
 * nodes only once it committed: a write that fails binds none of them.
 */
class BindBatchTest {
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final CountingStore store = new CountingStore();
  private final JobControl control = new JobControl(store, cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);
  private final SchedulingLoop loop =
      TestLoops.loop(control, cluster, scheduler, scheduler::decide, clock);
  private final RecoveryTest.RecordingLink link = new RecoveryTest.RecordingLink();

  @Test
  void theJobsPlacedInOneCycleAreBoundInOneWrite() {
    control.registered(RecoveryTest.node(), link, List.of());
    String first = control.submit("req-1", RecoveryTest.spec()).job().id();
    String second = control.submit("req-2", RecoveryTest.spec()).job().id();

    loop.tick();

    assertThat(store.bindWrites).containsExactly(2);
    assertThat(control.get(first).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(control.get(second).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(link.sent)
        .anyMatch(sent -> sent.startsWith("assign " + first + "/1 epoch "))
        .anyMatch(sent -> sent.startsWith("assign " + second + "/1 epoch "));
  }

  @Test
  void aBatchWhoseWriteFailsIsNeitherSentNorHeldAndIsPlacedAfterItsBackOff() {
    control.registered(RecoveryTest.node(), link, List.of());
    String first = control.submit("req-1", RecoveryTest.spec()).job().id();
    String second = control.submit("req-2", RecoveryTest.spec()).job().id();
    store.failBinds = true;

    loop.tick();

    assertThat(link.sent).noneMatch(sent -> sent.startsWith("assign "));
    for (String id : List.of(first, second)) {
      Job job = control.get(id);
      assertThat(job.state()).isEqualTo(JobState.PENDING);
      assertThat(job.attemptCount()).isZero();
      assertThat(job.message()).startsWith("placement failed with an internal error (ref ");
    }
    assertThat(queue.due(Fixtures.NOW)).isEmpty();

    // Both GPUs were left free: once the store writes again, both jobs fit on the node.
    store.failBinds = false;
    queue.clearBackoffs();
    loop.tick();

    assertThat(control.get(first).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(control.get(second).state()).isEqualTo(JobState.SCHEDULED);
    assertThat(link.sent).filteredOn(sent -> sent.startsWith("assign ")).hasSize(2);
  }
}
