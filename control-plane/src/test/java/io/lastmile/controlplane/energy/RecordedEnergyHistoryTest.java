package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.scheduler.Fixtures;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RecordedEnergyHistoryTest {
  private static final JobSpec EMBED = Fixtures.job().name("embed").gpus(1, 0).spec();
  private static final JobSpec EMBED_ON_TWO = Fixtures.job().name("embed").gpus(2, 0).spec();

  @Test
  void typicalRunIsTheMeanOfTheLastRuns() {
    RecordedEnergyHistory history = new RecordedEnergyHistory(3, 10);
    history.record(EMBED, 100, Duration.ofMinutes(10));
    history.record(EMBED, 40, Duration.ofMinutes(4));
    history.record(EMBED, 70, Duration.ofMinutes(7));
    assertThat(history.energyWh(EMBED)).isEqualTo(OptionalDouble.of(70));
    assertThat(history.runTime(EMBED)).isEqualTo(Optional.of(Duration.ofMinutes(7)));

    // The oldest run (100 Wh, 10 min) leaves the window.
    history.record(EMBED, 10, Duration.ofMinutes(1));

    assertThat(history.energyWh(EMBED)).isEqualTo(OptionalDouble.of(40));
    assertThat(history.runTime(EMBED)).isEqualTo(Optional.of(Duration.ofMinutes(4)));
  }

  @Test
  void anotherGpuCountUnnamedJobsAndEmptyRunsHaveNoHistory() {
    RecordedEnergyHistory history = new RecordedEnergyHistory(3, 10);
    JobSpec unnamed = Fixtures.job().name("").spec();
    history.record(EMBED, 50, Duration.ofMinutes(5));
    history.record(unnamed, 50, Duration.ofMinutes(5));
    history.record(EMBED_ON_TWO, 0, Duration.ofMinutes(5));
    history.record(EMBED_ON_TWO, 20, Duration.ZERO);

    assertThat(history.energyWh(EMBED_ON_TWO)).isEmpty();
    assertThat(history.runTime(EMBED_ON_TWO)).isEmpty();
    assertThat(history.energyWh(unnamed)).isEmpty();
    assertThat(history.energyWh(EMBED)).isEqualTo(OptionalDouble.of(50));
  }

  @Test
  void leastRecentlyRunJobsAreForgottenPastTheLimit() {
    RecordedEnergyHistory history = new RecordedEnergyHistory(2, 2);
    JobSpec a = Fixtures.job().name("a").spec();
    JobSpec b = Fixtures.job().name("b").spec();
    JobSpec c = Fixtures.job().name("c").spec();
    history.record(a, 1, Duration.ofSeconds(1));
    history.record(b, 2, Duration.ofSeconds(1));
    history.energyWh(a); // a is now more recent than b
    history.record(c, 3, Duration.ofSeconds(1));

    assertThat(history.energyWh(a)).isEqualTo(OptionalDouble.of(1));
    assertThat(history.energyWh(b)).isEmpty();
    assertThat(history.energyWh(c)).isEqualTo(OptionalDouble.of(3));
  }

  @Test
  void estimatorPrefersTheMeasuredRunToNameplatePower() {
    RecordedEnergyHistory history = new RecordedEnergyHistory(3, 10);
    EnergyEstimator estimator = new EnergyEstimator(GpuPowerModel.defaults(), history);
    EnergyEstimator.Estimate before = estimator.prepare(EMBED);
    history.record(EMBED, 123, Duration.ofMinutes(20));

    EnergyEstimator.Estimate after = estimator.prepare(EMBED);

    assertThat(before.measuredWh()).isNaN();
    assertThat(before.runTime()).isEqualTo(EMBED.expectedDuration());
    assertThat(after.measuredWh()).isEqualTo(123);
    assertThat(after.runTime()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new RecordedEnergyHistory(0, 10))
        .hasMessage("runsPerJob and maxJobs must be >= 1, got 0 and 10");
  }
}
