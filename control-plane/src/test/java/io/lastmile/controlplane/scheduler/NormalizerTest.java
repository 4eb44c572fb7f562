package io.lastmile.controlplane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizerTest {

  @ParameterizedTest(name = "unknown {0}, flat {1}, lower is better {2}")
  @CsvSource({
    "false, false, true",
    "false, false, false",
    "false, true, true",
    "true, false, true",
    "true, false, false",
    "true, true, false"
  })
  void weightedTotalsEqualWeightTimesEachNormalisedValue(
      boolean unknown, boolean flat, boolean lowerIsBetter) {
    double[] values = flat ? new double[] {3.5, 3.5, 3.5, 3.5} : new double[] {0.1, 7.3, 2.9, 5.0};
    if (unknown) {
      values[2] = Double.NaN;
    }
    Normalizer.Range range = Normalizer.Range.of(values, values.length);
    double[] totals = {0.25, 0.5, 0.75, 1.0};
    double[] expected = totals.clone();
    for (int i = 0; i < values.length; i++) {
      expected[i] += 0.3 * range.normalize(values[i], lowerIsBetter);
    }

    range.addWeighted(values, values.length, lowerIsBetter, 0.3, totals);

    assertThat(range.anyUnknown()).isEqualTo(unknown);
    assertThat(totals).containsExactly(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"0.5, false", "NaN, true"})
  void rangeSkipsUnknownValuesAndSaysWhetherThereWereAny(double middle, boolean unknown) {
    Normalizer.Range range = Normalizer.Range.of(new double[] {2.0, middle, 8.0, 99.0}, 3);

    assertThat(range.min()).isEqualTo(unknown ? 2.0 : 0.5);
    assertThat(range.max()).isEqualTo(8.0);
    assertThat(range.anyUnknown()).isEqualTo(unknown);
  }
}
