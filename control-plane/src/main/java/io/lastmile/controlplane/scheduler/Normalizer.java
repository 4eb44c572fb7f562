package io.lastmile.controlplane.scheduler;

/**
 * Scales a scorer's raw values over the feasible nodes to [0, 1], where 1 is best. {@code NaN}
 * stands for an unknown value: it is left out of the range and scores 0.
 */
public final class Normalizer {
  /** Spans at most this wide are treated as "all values equal". */
  private static final double FLAT = 1e-12;

  private Normalizer() {}

  /**
   * The smallest and largest known value of one scorer over the feasible set, and whether any value
   * is unknown ({@code NaN}).
   */
  public record Range(double min, double max, boolean anyUnknown) {

    public static Range of(double[] values, int count) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      boolean anyUnknown = false;
      for (int i = 0; i < count; i++) {
        double v = values[i];
        if (v < min) {
          min = v;
        }
        if (v > max) {
          max = v;
        }
        anyUnknown |= v != v;
      }
      return new Range(min, max, anyUnknown);
    }

    /**
     * Adds {@code weight} times the normalised value of each of the first {@code count} values to
     * {@code totals}: the same arithmetic as {@link #normalize}, with the choice between a flat
     * range, lower is better and higher is better made once for all values, and without a test for
     * unknown values when there is none (so the loops compile to vector instructions).
     */
    void addWeighted(
        double[] values, int count, boolean lowerIsBetter, double weight, double[] totals) {
      if (anyUnknown) {
        addWeightedWithUnknowns(values, count, lowerIsBetter, weight, totals);
        return;
      }
      double span = max - min;
      if (!(span > FLAT)) {
        for (int i = 0; i < count; i++) {
          totals[i] += weight * 1.0;
        }
      } else if (lowerIsBetter) {
        for (int i = 0; i < count; i++) {
          totals[i] += weight * (1.0 - (values[i] - min) / span);
        }
      } else {
        for (int i = 0; i < count; i++) {
          totals[i] += weight * ((values[i] - min) / span);
        }
      }
    }

    private void addWeightedWithUnknowns(
        double[] values, int count, boolean lowerIsBetter, double weight, double[] totals) {
      double span = max - min;
      if (!(span > FLAT)) {
        for (int i = 0; i < count; i++) {
          totals[i] += weight * (Double.isNaN(values[i]) ? 0 : 1.0);
        }
      } else if (lowerIsBetter) {
        for (int i = 0; i < count; i++) {
          double v = values[i];
          totals[i] += weight * (Double.isNaN(v) ? 0 : 1.0 - (v - min) / span);
        }
      } else {
        for (int i = 0; i < count; i++) {
          double v = values[i];
          totals[i] += weight * (Double.isNaN(v) ? 0 : (v - min) / span);
        }
      }
    }

    public double normalize(double value, boolean lowerIsBetter) {
      if (Double.isNaN(value)) {
        return 0;
      }
      double span = max - min;
      if (!(span > FLAT)) {
        return 1.0;
      }
      double scaled = (value - min) / span;
      return lowerIsBetter ? 1.0 - scaled : scaled;
    }
  }
}
