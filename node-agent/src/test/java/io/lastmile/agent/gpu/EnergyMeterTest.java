package io.lastmile.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EnergyMeterTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private static Instant at(double seconds) {
    return T0.plusNanos(Math.round(seconds * 1e9));
  }

  /** A scripted sequence of readings, attaches and detaches against one meter. */
  private static final class Script {
    private final List<Consumer<EnergyMeter>> steps = new ArrayList<>();
    private final Map<String, Double> detachedWh = new HashMap<>();

    /** Readings at {@code seconds}: power of GPU 0, GPU 1, ... */
    Script sample(double seconds, double... powerW) {
      Map<Integer, Double> readings = new HashMap<>();
      for (int gpu = 0; gpu < powerW.length; gpu++) {
        readings.put(gpu, powerW[gpu]);
      }
      steps.add(meter -> meter.sample(at(seconds), readings));
      return this;
    }

    Script attach(String attempt, double seconds, Integer... gpus) {
      steps.add(meter -> meter.attach(attempt, Set.of(gpus), at(seconds)));
      return this;
    }

    Script detach(String attempt, double seconds) {
      steps.add(meter -> detachedWh.put(attempt, meter.detach(attempt, at(seconds))));
      return this;
    }

    double run(String attempt) {
      EnergyMeter meter = new EnergyMeter();
      steps.forEach(step -> step.accept(meter));
      return detachedWh.containsKey(attempt) ? detachedWh.get(attempt) : meter.energyWh(attempt);
    }
  }

  private static Script script() {
    return new Script();
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        Arguments.of(
            "300 W constant for 36 s on 2 GPUs",
            script().attach("a", 0, 0, 1).sample(0, 300, 300).sample(36, 300, 300).detach("a", 36),
            6.0),
        Arguments.of(
            "ramp 0 to 360 W over 20 s is its average times time",
            script().attach("a", 0, 0).sample(0, 0).sample(20, 360).detach("a", 20),
            1.0),
        Arguments.of(
            "several intervals add up",
            script().attach("a", 0, 0).sample(0, 100).sample(10, 260).sample(20, 260).sample(30, 0),
            (1800 + 2600 + 1300) / 3600.0),
        Arguments.of(
            "attach mid-interval takes the interpolated rest of it",
            script().sample(0, 0).attach("a", 18, 0).sample(36, 720).detach("a", 36),
            2.7),
        Arguments.of(
            "readings before attach are not counted",
            script().sample(0, 500).sample(10, 500).attach("a", 10, 0).sample(20, 360),
            (500 + 360) / 2.0 * 10 / 3600),
        Arguments.of(
            "detach between readings holds the last reading to the detach instant",
            script().attach("a", 0, 0).sample(0, 720).detach("a", 5).sample(10, 0),
            1.0),
        Arguments.of(
            "a reading at the detach instant makes the detach exact",
            script().attach("a", 0, 0).sample(0, 0).sample(5, 360).detach("a", 5).sample(10, 720),
            0.25),
        Arguments.of(
            "two attempts on one GPU split it evenly",
            script().attach("a", 0, 0).attach("b", 0, 0).sample(0, 720).sample(10, 720),
            1.0),
        Arguments.of(
            "the second attempt on a shared GPU pays half only while both run",
            script()
                .attach("a", 0, 0)
                .sample(0, 360)
                .attach("b", 10, 0)
                .sample(20, 360)
                .detach("b", 20)
                .sample(30, 360),
            (3600 + 1800 + 3600) / 3600.0),
        Arguments.of(
            "a NaN reading is a gap on both sides",
            script()
                .attach("a", 0, 0)
                .sample(0, 360)
                .sample(10, Double.NaN)
                .sample(20, 360)
                .sample(30, 360),
            1.0),
        Arguments.of(
            "a reading not after the previous one is ignored",
            script()
                .attach("a", 0, 0)
                .sample(0, 360)
                .sample(10, 360)
                .sample(5, 9000)
                .sample(20, 360),
            2.0),
        Arguments.of(
            "only the attempt's own GPUs count",
            script().attach("a", 0, 1).sample(0, 1000, 360).sample(10, 1000, 360),
            1.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void integratesScriptedPowerIntoExactEnergy(String name, Script script, double expectedWh) {
    assertThat(script.run("a")).isCloseTo(expectedWh, within(1e-9));
  }

  @Test
  void energySoFarGrowsWithEachReading() {
    EnergyMeter meter = new EnergyMeter();
    meter.attach("a", Set.of(0), at(0));
    meter.sample(at(0), Map.of(0, 360.0));
    meter.sample(at(10), Map.of(0, 360.0));
    assertThat(meter.energyWh("a")).isCloseTo(1.0, within(1e-9));

    meter.sample(at(20), Map.of(0, 360.0));
    assertThat(meter.energyWh("a")).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void detachedAttemptIsForgotten() {
    EnergyMeter meter = new EnergyMeter();
    meter.attach("a", Set.of(0), at(0));
    meter.detach("a", at(1));

    assertThatThrownBy(() -> meter.energyWh("a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt a is not attached");
    assertThatThrownBy(() -> meter.detach("a", at(2))).hasMessage("attempt a is not attached");
  }

  @Test
  void attachingTheSameAttemptTwiceIsRejected() {
    EnergyMeter meter = new EnergyMeter();
    meter.attach("a", Set.of(0), at(0));

    assertThatThrownBy(() -> meter.attach("a", Set.of(1), at(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attempt a is already attached");
  }
}
