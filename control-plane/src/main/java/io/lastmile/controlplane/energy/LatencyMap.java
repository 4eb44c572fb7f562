package io.lastmile.controlplane.energy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Round trip times between regions, symmetric, with 0 ms inside a region. Immutable; {@link
 * #with(String, String, double)} returns an updated copy so a scheduling cycle always reads one
 * consistent map.
 */
public final class LatencyMap {
  private final Map<String, Map<String, Double>> rttMs;

  private LatencyMap(Map<String, Map<String, Double>> rttMs) {
    this.rttMs = rttMs;
  }

  public static LatencyMap empty() {
    return new LatencyMap(Map.of());
  }

  /** Regions the map knows, whether or not a round trip is known for every pair. */
  public Set<String> regions() {
    return rttMs.keySet();
  }

  public boolean knows(String region) {
    return rttMs.containsKey(region);
  }

  /**
   * @return the round trip in ms, or {@code NaN} when it is unknown
   */
  public double rttMs(String from, String to) {
    if (from.equals(to)) {
      return knows(from) ? 0 : Double.NaN;
    }
    Map<String, Double> row = rttMs.get(from);
    Double value = row == null ? null : row.get(to);
    return value == null ? Double.NaN : value;
  }

  /** A copy with the round trip between two regions set (both directions). */
  public LatencyMap with(String a, String b, double rtt) {
    if (!(rtt >= 0) || Double.isInfinite(rtt)) {
      throw new IllegalArgumentException("rtt_ms must be a finite number >= 0, got " + rtt);
    }
    Map<String, Map<String, Double>> copy = new HashMap<>();
    rttMs.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
    copy.computeIfAbsent(a, k -> new HashMap<>()).put(b, rtt);
    copy.computeIfAbsent(b, k -> new HashMap<>()).put(a, rtt);
    return new LatencyMap(freeze(copy));
  }

  /**
   * A copy updated with a measured round trip: an exponentially weighted moving average with weight
   * {@code alpha} for the new sample, so one slow probe does not move a region out of a job's
   * bound. The first measurement of a pair is taken as it is.
   *
   * @param alpha weight of the new sample, in (0, 1]
   */
  public LatencyMap withMeasurement(String a, String b, double measuredRttMs, double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
    }
    if (!(measuredRttMs >= 0) || Double.isInfinite(measuredRttMs)) {
      throw new IllegalArgumentException(
          "measured rtt_ms must be a finite number >= 0, got " + measuredRttMs);
    }
    if (a.equals(b)) {
      return withRegion(a);
    }
    double previous = rttMs(a, b);
    double next =
        Double.isNaN(previous) ? measuredRttMs : previous + alpha * (measuredRttMs - previous);
    return with(a, b, next);
  }

  /** A copy that knows {@code region}, with no round trips to it yet. */
  public LatencyMap withRegion(String region) {
    if (knows(region)) {
      return this;
    }
    Map<String, Map<String, Double>> copy = new HashMap<>(rttMs);
    copy.put(region, Map.of());
    return new LatencyMap(Map.copyOf(copy));
  }

  private static Map<String, Map<String, Double>> freeze(Map<String, Map<String, Double>> m) {
    Map<String, Map<String, Double>> out = new HashMap<>();
    m.forEach((k, v) -> out.put(k, Map.copyOf(v)));
    return Map.copyOf(out);
  }
}
