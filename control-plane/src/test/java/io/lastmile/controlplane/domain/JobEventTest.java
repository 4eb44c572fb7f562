package io.lastmile.controlplane.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobEventTest {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Job running(Map<String, String> env) {
    JobSpec spec =
        new JobSpec(
            "serve",
            new Workload("python3", List.of("serve.py"), env, ""),
            ResourceRequest.gpus(2, 16_384),
            PlacementConstraints.anywhere(),
            JobClass.INTERRUPTIBLE,
            null,
            Duration.ofMinutes(5),
            3,
            0,
            null);
    return Job.accepted("job-1", "req-1", spec, T0)
        .scheduled("edge-1", "de-fra", "job-1/1", "placed", T0)
        .transition(JobState.RUNNING, null, "running on edge-1", 0, T0);
  }

  @Test
  void anEnvironmentValueInAMessageIsMaskedInTheEvent() {
    Job before = running(Map.of("HF_TOKEN", "hf_secret_42", "DEBUG", "1"));
    Job failed =
        before.transition(
            JobState.FAILED, 1, "attempt job-1/1 failed: bad token hf_secret_42 (1)", 3, T0);

    JobEvent event = JobEvent.between(before, failed).orElseThrow();

    assertThat(event.message()).isEqualTo("attempt job-1/1 failed: bad token *** (1)");
    assertThat(event.toString()).doesNotContain("hf_secret_42");
  }

  @Test
  void anAttemptLeavingItsNodeForTheQueueIsRequeuedWithItsEnergy() {
    Job before = running(Map.of());
    Job requeued =
        before.transition(JobState.PENDING, null, "preempted by job-9; re-queued", 12.5, T0);

    JobEvent event = JobEvent.between(before, requeued).orElseThrow();

    assertThat(event.type()).isEqualTo(JobEventType.REQUEUED);
    assertThat(event.attemptId()).isEqualTo("job-1/1");
    assertThat(event.gpus()).isEqualTo(2);
    assertThat(event.energyWh()).isEqualTo(12.5);
  }

  @Test
  void theStoppedAttemptOfACancelledJobReportsItsEnergyAndCost() {
    Job cancelled =
        running(Map.of()).transition(JobState.CANCELLED, null, "cancelled on request", 0, T0);
    Job stopped =
        cancelled.plusCost(0.02, "EUR").transition(JobState.CANCELLED, 137, "stopped", 40, T0);

    JobEvent event = JobEvent.between(cancelled, stopped).orElseThrow();

    assertThat(event.type()).isEqualTo(JobEventType.ATTEMPT_ENDED);
    assertThat(event.energyWh()).isEqualTo(40);
    assertThat(event.cost()).isEqualTo(0.02);
    assertThat(event.currency()).isEqualTo("EUR");
    assertThat(event.exitCode()).isEqualTo(137);
  }

  @Test
  void aNewExplanationOfAPendingJobIsNoEvent() {
    Job pending = Job.accepted("job-1", "req-1", running(Map.of()).spec(), T0);

    assertThat(JobEvent.between(pending, pending.pending("0/3 nodes", T0))).isEmpty();
  }
}
