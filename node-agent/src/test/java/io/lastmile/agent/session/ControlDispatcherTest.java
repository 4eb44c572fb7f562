package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.agent.runtime.AttemptPhase;
import io.lastmile.agent.runtime.AttemptRunner;
import io.lastmile.agent.runtime.EnergyTracker;
import io.lastmile.agent.runtime.ProcessDriver;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.Cancel;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Assignments through the dispatcher into a real runtime that starts real processes. */
class ControlDispatcherTest {
  private static final String SECRET = "s3cr3t-value-never-logged";

  @TempDir Path root;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<AttemptStatus> refused = new CopyOnWriteArrayList<>();
  private ProcessDriver driver;
  private AttemptRunner runner;
  private ControlDispatcher dispatcher;

  @BeforeEach
  void runtime() {
    driver = new ProcessDriver(root);
    runner =
        new AttemptRunner(
            driver, timer, Clock.systemUTC(), Duration.ofSeconds(2), EnergyTracker.NONE, s -> {});
    dispatcher =
        new ControlDispatcher(runner, new WorkloadLimits(4, 64, 2, 64), r -> {}, refused::add);
  }

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void validAssignmentRunsARealProcess() {
    dispatcher.dispatch(assign("a-1", Workload.newBuilder().setCommand("true")));

    await()
        .until(
            () -> runner.status("a-1").map(s -> s.phase() == AttemptPhase.SUCCEEDED).orElse(false));
    assertThat(refused).isEmpty();
  }

  @Test
  void anAttemptOfAnUnknownJobIsKeptWithItsResultNotForgotten() {
    dispatcher.dispatch(assign("a-9", Workload.newBuilder().setCommand("sleep").addArgs("60")));
    await().until(() -> runner.runningEnergyWh().containsKey("a-9"));

    dispatcher.dispatch(
        io.lastmile.api.v1.ControlMessage.newBuilder()
            .setAttemptUnknown(
                io.lastmile.api.v1.AttemptUnknown.newBuilder()
                    .setAttemptId("a-9")
                    .setReason("job unknown here"))
            .build());

    await()
        .until(
            () -> runner.status("a-9").map(s -> s.phase() == AttemptPhase.CANCELLED).orElse(false));
    assertThat(runner.orphan("a-9")).isTrue();
    // Still remembered (journal and status) for the next registration.
    assertThat(runner.statuses()).anyMatch(st -> st.spec().attemptId().equals("a-9"));
  }

  @Test
  void assignmentOverTheAgentsLimitsStartsNothingAndIsReportedFailedNamingTheField() {
    Workload.Builder w =
        Workload.newBuilder()
            .setCommand("true")
            .putEnv("A", SECRET)
            .putEnv("B", "b")
            .putEnv("C", "c");

    dispatcher.dispatch(assign("a-2", w));

    assertThat(refused).singleElement().satisfies(ControlDispatcherTest::failedOverEnvLimit);
    assertThat(runner.statuses()).isEmpty();
    assertThat(Files.exists(driver.attemptDir("a-2"))).isFalse();
  }

  @Test
  void argumentsOverTheTotalSizeAreRefused() {
    dispatcher.dispatch(
        assign("a-3", Workload.newBuilder().setCommand("echo").addArgs("x".repeat(65))));

    assertThat(refused)
        .singleElement()
        .extracting(AttemptStatus::getMessage)
        .isEqualTo(
            "refused by the agent: workload.args: must total at most 64 bytes (got 65 bytes)");
    assertThat(runner.statuses()).isEmpty();
  }

  @Test
  void attemptIdThatWouldLeaveTheWorkDirectoryIsRefused() {
    dispatcher.dispatch(assign("..", Workload.newBuilder().setCommand("true")));

    assertThat(refused)
        .singleElement()
        .extracting(AttemptStatus::getMessage)
        .asString()
        .startsWith("refused by the agent: attempt_id: must be 1 to 128 characters");
    assertThat(runner.statuses()).isEmpty();
  }

  @Test
  void cancelWithAGracePeriodKillsAWorkloadThatIgnoresSigtermAfterThatPeriod() {
    // The agent's own grace is a minute: only the Cancel's 200 ms ends the workload in time.
    AttemptRunner patient =
        new AttemptRunner(
            driver, timer, Clock.systemUTC(), Duration.ofMinutes(1), EnergyTracker.NONE, s -> {});
    ControlDispatcher d =
        new ControlDispatcher(patient, new WorkloadLimits(4, 64, 2, 64), r -> {}, refused::add);
    d.dispatch(
        assign("a-4", Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(STUBBORN)));
    await()
        .until(
            () -> patient.status("a-4").map(s -> s.phase() == AttemptPhase.RUNNING).orElse(false));

    d.dispatch(cancel("a-4", com.google.protobuf.Duration.newBuilder().setNanos(200_000_000)));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                patient.status("a-4").map(s -> s.phase() == AttemptPhase.CANCELLED).orElse(false));
  }

  @Test
  void graceOfACancelIsTheAgentsOwnWhenUnsetOrNegativeAndCappedAtAnHour() {
    assertThat(ControlDispatcher.graceOf(Cancel.newBuilder().setAttemptId("a").build()))
        .isEqualTo(Duration.ZERO);
    assertThat(ControlDispatcher.graceOf(cancelOf(-5))).isEqualTo(Duration.ZERO);
    assertThat(ControlDispatcher.graceOf(cancelOf(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(ControlDispatcher.graceOf(cancelOf(86_400))).isEqualTo(Duration.ofHours(1));
  }

  /** Ignores SIGTERM and keeps running: only SIGKILL stops it. */
  private static final String STUBBORN = "trap '' TERM; while true; do sleep 1; done";

  private static Cancel cancelOf(long seconds) {
    return Cancel.newBuilder()
        .setAttemptId("a")
        .setGracePeriod(com.google.protobuf.Duration.newBuilder().setSeconds(seconds))
        .build();
  }

  private static ControlMessage cancel(
      String attemptId, com.google.protobuf.Duration.Builder grace) {
    return ControlMessage.newBuilder()
        .setCancel(
            Cancel.newBuilder().setAttemptId(attemptId).setReason("test").setGracePeriod(grace))
        .build();
  }

  private static void failedOverEnvLimit(AttemptStatus s) {
    assertThat(s.getState()).isEqualTo(AttemptState.ATTEMPT_STATE_FAILED);
    assertThat(s.getJobId()).isEqualTo("job-1");
    assertThat(s.getMessage())
        .isEqualTo("refused by the agent: workload.env: must have at most 2 (got 3 entries)")
        .doesNotContain(SECRET);
  }

  private static ControlMessage assign(String attemptId, Workload.Builder workload) {
    return ControlMessage.newBuilder()
        .setAssign(
            Assign.newBuilder()
                .setAttemptId(attemptId)
                .setJobId("job-1")
                .setEpoch(1)
                .setWorkload(workload))
        .build();
  }
}
