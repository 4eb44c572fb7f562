package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyMapTest {

  @Test
  void firstMeasurementIsTakenAsItIs() {
    LatencyMap m = LatencyMap.empty().withMeasurement("a", "b", 40, 0.2);

    assertThat(m.rttMs("a", "b")).isEqualTo(40);
    assertThat(m.rttMs("b", "a")).isEqualTo(40);
  }

  @Test
  void laterMeasurementsMoveTheAverageByAlpha() {
    LatencyMap m = LatencyMap.empty().with("a", "b", 40).withMeasurement("a", "b", 140, 0.25);

    assertThat(m.rttMs("a", "b")).isEqualTo(65);
  }

  @Test
  void updatesLeaveTheOriginalUntouched() {
    LatencyMap before = LatencyMap.empty().with("a", "b", 40);
    before.withMeasurement("a", "b", 100, 1);

    assertThat(before.rttMs("a", "b")).isEqualTo(40);
  }

  @Test
  void refusesNegativeMeasurementsAndAlphaOutsideRange() {
    assertThatThrownBy(() -> LatencyMap.empty().withMeasurement("a", "b", -1, 0.5))
        .hasMessage("measured rtt_ms must be a finite number >= 0, got -1.0");
    assertThatThrownBy(() -> LatencyMap.empty().withMeasurement("a", "b", 1, 0))
        .hasMessage("alpha must be in (0, 1], got 0.0");
  }
}
