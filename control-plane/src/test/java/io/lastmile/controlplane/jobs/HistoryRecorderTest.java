package io.lastmile.controlplane.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.energy.RecordedEnergyHistory;
import io.lastmile.controlplane.scheduler.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant STARTED = T0.plusSeconds(30);
  private static final Instant ENDED = STARTED.plus(Duration.ofMinutes(12));

  private final RecordedEnergyHistory history = new RecordedEnergyHistory(5, 100);
  private final HistoryRecorder recorder = new HistoryRecorder(history);
  private final Job running =
      Job.accepted("job-1", "req-1", Fixtures.job().name("embed").spec(), T0)
          .scheduled("edge-1", "de-fra", "job-1/1", "placed", T0)
          .transition(JobState.RUNNING, null, "running on edge-1", 0, STARTED);

  @Test
  void successfulRunIsRecordedWithItsEnergyAndRunTime() {
    recorder.finished(new FinishedAttempt(running, AttemptPhase.SUCCEEDED, 96, 0.01, ENDED));

    assertThat(history.energyWh(running.spec())).isEqualTo(OptionalDouble.of(96));
    assertThat(history.runTime(running.spec())).isEqualTo(Optional.of(Duration.ofMinutes(12)));
  }

  @Test
  void failedCancelledAndNeverRunningAttemptsAreLeftOut() {
    Job scheduled =
        Job.accepted("job-1", "req-1", running.spec(), T0)
            .scheduled("edge-1", "de-fra", "job-1/1", "placed", T0);
    recorder.finished(new FinishedAttempt(running, AttemptPhase.FAILED, 96, 0.01, ENDED));
    recorder.finished(new FinishedAttempt(running, AttemptPhase.CANCELLED, 96, 0.01, ENDED));
    recorder.finished(new FinishedAttempt(scheduled, AttemptPhase.SUCCEEDED, 96, 0.01, ENDED));

    assertThat(history.energyWh(running.spec())).isEmpty();
  }
}
