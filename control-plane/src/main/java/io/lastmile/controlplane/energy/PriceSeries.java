package io.lastmile.controlplane.energy;

import java.time.Instant;
import java.util.NavigableMap;

/**
 * One zone's hourly prices as arrays from its first priced hour to its last, with hours between
 * them filled by the previous price, and running sums, so the average over any window costs two
 * array reads instead of a walk over the hours.
 */
final class PriceSeries {
  private static final long HOUR_MS = 3_600_000;

  private final long firstMs;
  private final double[] price;
  private final boolean[] own;

  /** {@code sum[i]} is the price summed over hours {@code 0 .. i-1}, in price × hours. */
  private final double[] sum;

  private PriceSeries(long firstMs, double[] price, boolean[] own) {
    this.firstMs = firstMs;
    this.price = price;
    this.own = own;
    this.sum = new double[price.length + 1];
    for (int i = 0; i < price.length; i++) {
      sum[i + 1] = sum[i] + price[i];
    }
  }

  static PriceSeries of(NavigableMap<Instant, Double> hours) {
    long first = hours.firstKey().toEpochMilli();
    int n = (int) ((hours.lastKey().toEpochMilli() - first) / HOUR_MS) + 1;
    double[] price = new double[n];
    boolean[] own = new boolean[n];
    double carried = Double.NaN;
    for (int i = 0; i < n; i++) {
      Double p = hours.get(Instant.ofEpochMilli(first + i * HOUR_MS));
      own[i] = p != null;
      carried = p != null ? p : carried;
      price[i] = carried;
    }
    return new PriceSeries(first, price, own);
  }

  /** Average over {@code [startMs, startMs + durationMs)}; NaN when it starts before the first. */
  double average(long startMs, long durationMs) {
    if (startMs < firstMs) {
      return Double.NaN;
    }
    if (durationMs <= 0) {
      return priceAt(startMs);
    }
    double hours = (double) durationMs / HOUR_MS;
    return (integral(startMs + durationMs) - integral(startMs)) / hours;
  }

  double priceAt(long ms) {
    if (ms < firstMs) {
      return Double.NaN;
    }
    long h = (ms - firstMs) / HOUR_MS;
    return h < price.length ? price[(int) h] : price[price.length - 1];
  }

  boolean covers(long ms) {
    if (ms < firstMs) {
      return false;
    }
    long h = (ms - firstMs) / HOUR_MS;
    return h < own.length && own[(int) h];
  }

  Instant lastHour() {
    return Instant.ofEpochMilli(firstMs + (price.length - 1) * HOUR_MS);
  }

  /** Price × hours from the first hour to {@code ms}. */
  private double integral(long ms) {
    long offset = ms - firstMs;
    long h = offset / HOUR_MS;
    double within = (double) (offset - h * HOUR_MS) / HOUR_MS;
    if (h < price.length) {
      return sum[(int) h] + (within == 0 ? 0 : price[(int) h] * within);
    }
    double last = price[price.length - 1];
    return sum[price.length] + last * ((double) offset / HOUR_MS - price.length);
  }
}
