package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeasuredLatencyTest {
  private static final LatencyMap CONFIGURED =
      LatencyMap.empty()
          .withRegion("de-fra")
          .withRegion("sg-sin")
          .withRegion("us-nyc")
          .with("de-fra", "sg-sin", 160);

  @Test
  void measurementsMoveTheConfiguredRoundTripByTheirWeight() {
    MeasuredLatency latency = new MeasuredLatency(CONFIGURED, 0.25);

    assertThat(latency.measured("de-fra", "sg-sin", 200)).isEmpty();
    assertThat(latency.current().rttMs("de-fra", "sg-sin")).isCloseTo(170, within(1e-9));
    assertThat(latency.measured("sg-sin", "de-fra", 90)).isEmpty();
    assertThat(latency.current().rttMs("de-fra", "sg-sin")).isCloseTo(150, within(1e-9));
  }

  @Test
  void aPairNeverConfiguredTakesItsFirstMeasurement() {
    MeasuredLatency latency = new MeasuredLatency(CONFIGURED, 0.25);

    latency.measured("us-nyc", "de-fra", 84);

    assertThat(latency.current().rttMs("de-fra", "us-nyc")).isEqualTo(84);
  }

  @Test
  void unknownRegionsAndImpossibleValuesChangeNothing() {
    MeasuredLatency latency = new MeasuredLatency(CONFIGURED, 0.25);

    assertThat(latency.measured("de-fra", "atlantis", 10))
        .isEqualTo("region 'atlantis' is not in the control plane's regions");
    assertThat(latency.measured("de-fra", "sg-sin", -1)).startsWith("rtt_ms must be from 0 to");
    assertThat(latency.measured("de-fra", "sg-sin", Double.NaN)).contains("got NaN");
    assertThat(latency.measured("de-fra", "sg-sin", 90_000)).contains("got 90000");

    assertThat(latency.current()).isSameAs(CONFIGURED);
  }

  @Test
  void aRoundTripInsideTheRegionStaysZero() {
    MeasuredLatency latency = new MeasuredLatency(CONFIGURED, 0.5);

    assertThat(latency.measured("de-fra", "de-fra", 3)).isEmpty();

    assertThat(latency.current().rttMs("de-fra", "de-fra")).isZero();
  }

  @Test
  void weightMustBeAFraction() {
    assertThatThrownBy(() -> new MeasuredLatency(CONFIGURED, 0))
        .hasMessage("lastmile.latency.measurement-weight must be in (0, 1], got 0.0");
  }
}
