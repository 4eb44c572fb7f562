package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.ha.StartSequence;
import io.lastmile.controlplane.jobs.LoopProgress;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** What liveness, readiness and start-up answer for each state of the loop and of recovery. */
class LoopHealthTest {
  private static final Duration UNREADY = Duration.ofSeconds(30);
  private static final Duration RESTART = Duration.ofMinutes(2);

  private static LoopProgress.Reading running(Duration sinceLastPass, Duration currentPass) {
    return new LoopProgress.Reading(LoopProgress.State.RUNNING, 42, 0, sinceLastPass, currentPass);
  }

  @Test
  void aLoopThatPassesIsLiveAndItsLeaderReady() {
    LoopProgress.Reading r = running(Duration.ofMillis(800), null);
    HealthCheckResponse live = SchedulingLoopHealthCheck.live(r, RESTART);
    assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(live.getData().orElseThrow())
        .containsEntry("loop", "running")
        .containsEntry("passes", 42L)
        .containsEntry("lastPassEndedMsAgo", 800L)
        .doesNotContainKey("problem");
    assertThat(SchedulerHealthCheck.ready(r, true, UNREADY).build().getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
  }

  @Test
  void aStalledLoopMakesTheLeaderUnreadyFirstAndThenNotLive() {
    LoopProgress.Reading stalled = running(Duration.ofSeconds(31), Duration.ofSeconds(31));
    HealthCheckResponse ready = SchedulerHealthCheck.ready(stalled, true, UNREADY).build();
    assertThat(ready.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(ready.getData().orElseThrow())
        .containsEntry("currentPassMs", 31_000L)
        .containsEntry("problem", "no scheduling pass has finished for 31 s (limit 30 s)");
    assertThat(SchedulingLoopHealthCheck.live(stalled, RESTART).getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);

    LoopProgress.Reading stuck = running(Duration.ofSeconds(121), Duration.ofSeconds(121));
    HealthCheckResponse live = SchedulingLoopHealthCheck.live(stuck, RESTART);
    assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live.getData().orElseThrow())
        .containsEntry("problem", "no scheduling pass has finished for 121 s (limit 120 s)");
  }

  @Test
  void aDeadLoopIsNotLiveAndItsLeaderNotReady() {
    LoopProgress.Reading died =
        new LoopProgress.Reading(LoopProgress.State.DIED, 7, 0, Duration.ofSeconds(1), null);
    HealthCheckResponse live = SchedulingLoopHealthCheck.live(died, RESTART);
    assertThat(live.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(live.getData().orElseThrow())
        .containsEntry("problem", "the scheduling thread has died; see the control plane's log");
    assertThat(SchedulerHealthCheck.ready(died, true, UNREADY).build().getStatus())
        .isEqualTo(HealthCheckResponse.Status.DOWN);
  }

  @Test
  void aFollowersLoopHasNotStartedAndThatIsHealthy() {
    LoopProgress.Reading idle =
        new LoopProgress.Reading(LoopProgress.State.NOT_STARTED, 0, 0, null, null);
    assertThat(SchedulingLoopHealthCheck.live(idle, RESTART).getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(SchedulerHealthCheck.ready(idle, false, UNREADY).build().getStatus())
        .isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(SchedulerHealthCheck.ready(idle, true, UNREADY).build().getStatus())
        .isEqualTo(HealthCheckResponse.Status.DOWN);
  }

  @Test
  void startUpWaitsForRecoveryOnASingleControlPlane() {
    assertThat(status(recovery(StartSequence.Recovery.Phase.NOT_RUN))).isFalse();
    assertThat(status(recovery(StartSequence.Recovery.Phase.RUNNING))).isFalse();
    HealthCheckResponse done =
        RecoveryHealthCheck.started(
                new StartSequence.Recovery(
                    StartSequence.Recovery.Phase.DONE, 1_200, Duration.ofMillis(350), ""))
            .build();
    assertThat(done.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    assertThat(done.getData().orElseThrow())
        .containsEntry("phase", "done")
        .containsEntry("jobs", 1_200L)
        .containsEntry("tookMs", 350L);
    HealthCheckResponse failed =
        RecoveryHealthCheck.started(
                new StartSequence.Recovery(
                    StartSequence.Recovery.Phase.FAILED, 0, Duration.ofSeconds(5), "fenced"))
            .build();
    assertThat(failed.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
    assertThat(failed.getData().orElseThrow()).containsEntry("error", "fenced");
  }

  @Test
  void aFollowerHasStartedWhileItWaitsForTheLeadButNotWhileItRecovers() {
    assertThat(status(recovery(StartSequence.Recovery.Phase.AWAITING_LEAD))).isTrue();
    assertThat(status(recovery(StartSequence.Recovery.Phase.RUNNING))).isFalse();
  }

  /** A recovery in {@code phase} that has neither ended nor failed. */
  private static StartSequence.Recovery recovery(StartSequence.Recovery.Phase phase) {
    return new StartSequence.Recovery(phase, 0, null, "");
  }

  private static boolean status(StartSequence.Recovery recovery) {
    return RecoveryHealthCheck.started(recovery).build().getStatus()
        == HealthCheckResponse.Status.UP;
  }
}
