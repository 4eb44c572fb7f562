package io.lastmile.controlplane.scheduler;

/** Scales a scorer's raw values over the feasible nodes to [0, 1], where 1 is best. */
public final class Normalizer {
  private Normalizer() {}

  /**
   * Min-max normalisation of {@code values[i]}. When every value is the same the scorer cannot tell
   * nodes apart and every node gets 1.
   */
  public static double minMax(double[] values, int i, boolean lowerIsBetter) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double span = max - min;
    if (span <= 1e-12) {
      return 1.0;
    }
    double scaled = (values[i] - min) / span;
    return lowerIsBetter ? 1.0 - scaled : scaled;
  }
}
