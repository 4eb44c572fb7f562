package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Reports that wait together are applied together: their common changes in one store write, each
 * answered as it would be alone; a group write that fails is applied report by report.
 */
class ReportGroupsTest {
  private static final String NODE = "edge-fra-1";
  private final Clock clock = Clock.fixed(Fixtures.NOW, ZoneOffset.UTC);
  private final ClusterState cluster = new ClusterState();
  private final SchedulingQueue queue = new SchedulingQueue(Duration.ofSeconds(30));
  private final CountingStore store = new CountingStore();
  private final JobControl control = new JobControl(store, cluster, queue, clock, Unpriced.EUR);
  private final Scheduler scheduler = Fixtures.scheduler(1, 1, 1);

  @Test
  void reportsThatWaitTogetherAreSavedInOneWriteAndEachAnswered() throws Exception {
    List<Assignment> attempts = twoRunningSoon();

    List<CompletableFuture<List<AgentCommand>>> answers = whileHeld(attempts);

    assertThat(store.groupWrites).containsExactly(1, 2);
    assertAnsweredAndApplied(attempts, answers);
  }

  @Test
  void aGroupWhoseWriteFailsIsAppliedReportByReport() throws Exception {
    List<Assignment> attempts = twoRunningSoon();
    store.failGroups = true;

    List<CompletableFuture<List<AgentCommand>>> answers = whileHeld(attempts);

    assertThat(store.groupWrites).isEmpty();
    assertAnsweredAndApplied(attempts, answers);
  }

  /** Two jobs bound to the node, in the order of their attempt ids. */
  private List<Assignment> twoRunningSoon() {
    control.registered(RecoveryTest.node(), new RecoveryTest.RecordingLink(), List.of());
    control.submit("req-1", RecoveryTest.spec());
    control.submit("req-2", RecoveryTest.spec());
    TestLoops.loop(control, cluster, scheduler, scheduler::decide, clock).tick();
    List<Assignment> bound =
        cluster.assignments(NODE).stream()
            .sorted(Comparator.comparing(Assignment::attemptId))
            .toList();
    assertThat(bound).hasSize(2);
    return bound;
  }

  /**
   * While another thread holds the lifecycle's lock: the first job's RUNNING is taken by the thread
   * that applies groups, then the second job's RUNNING and the first one's SUCCEEDED wait together
   * for the next group.
   */
  private List<CompletableFuture<List<AgentCommand>>> whileHeld(List<Assignment> a)
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () ->
                control.runCycle(
                    () -> {
                      held.countDown();
                      awaitQuietly(release);
                    }));
    holder.start();
    held.await();
    CompletableFuture<List<AgentCommand>> first = new CompletableFuture<>();
    Thread applier =
        new Thread(
            () ->
                control
                    .attemptStatusAsync(NODE, RecoveryTest.report(a.get(0), AttemptPhase.RUNNING))
                    .whenComplete((c, e) -> first.complete(c)));
    applier.start();
    await().until(() -> applier.getState() == Thread.State.BLOCKED);
    CompletableFuture<List<AgentCommand>> second =
        control.attemptStatusAsync(NODE, RecoveryTest.report(a.get(1), AttemptPhase.RUNNING));
    CompletableFuture<List<AgentCommand>> third =
        control.attemptStatusAsync(NODE, RecoveryTest.report(a.get(0), AttemptPhase.SUCCEEDED));
    assertThat(second).isNotDone();
    release.countDown();
    holder.join();
    applier.join();
    return List.of(first, second, third);
  }

  private void assertAnsweredAndApplied(
      List<Assignment> a, List<CompletableFuture<List<AgentCommand>>> answers) {
    assertThat(answers.get(0).join()).isEmpty();
    assertThat(answers.get(1).join()).isEmpty();
    assertThat(answers.get(2).join())
        .containsExactly(new AgentCommand.Acknowledge(a.get(0).attemptId()));
    assertThat(control.get(a.get(0).jobId()).state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(control.get(a.get(1).jobId()).state()).isEqualTo(JobState.RUNNING);
    assertThat(cluster.holds(a.get(0).attemptId())).as("the finished attempt's hold").isFalse();
    assertThat(cluster.holds(a.get(1).attemptId())).isTrue();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
