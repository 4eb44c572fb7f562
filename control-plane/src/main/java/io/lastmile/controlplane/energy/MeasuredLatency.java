package io.lastmile.controlplane.energy;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The latency map the scheduler reads: the configured round trips, moved towards what agents
 * measure. Each measurement is blended in with a fixed weight (an exponentially weighted moving
 * average), so one slow probe does not push a region out of a job's bound; a pair never configured
 * takes its first measurement as it is. Each scheduling cycle reads the map as it is then, so a job
 * waiting for a region to come within its bound sees the change at its next try.
 */
public final class MeasuredLatency {
  /** Longest round trip believed; anything above is a broken probe, not a network. */
  public static final double MAX_RTT_MS = 60_000;

  private final AtomicReference<LatencyMap> current;
  private final double weight;

  /**
   * @param configured the round trips from the data directory
   * @param weight weight of a new measurement, in (0, 1]
   */
  public MeasuredLatency(LatencyMap configured, double weight) {
    if (!(weight > 0 && weight <= 1)) {
      throw new IllegalArgumentException(
          "lastmile.latency.measurement-weight must be in (0, 1], got " + weight);
    }
    this.current = new AtomicReference<>(configured);
    this.weight = weight;
  }

  public LatencyMap current() {
    return current.get();
  }

  /**
   * Blends in one measured round trip between two regions.
   *
   * @return why the measurement was ignored (an unknown region, a value out of range), or empty
   *     when it was applied
   */
  public String measured(String from, String to, double rttMs) {
    if (!(rttMs >= 0 && rttMs <= MAX_RTT_MS)) {
      return "rtt_ms must be from 0 to %.0f, got %s".formatted(MAX_RTT_MS, rttMs);
    }
    LatencyMap map = current.get();
    for (String region : new String[] {from, to}) {
      if (!map.knows(region)) {
        return "region '%s' is not in the control plane's regions".formatted(region);
      }
    }
    if (from.equals(to)) {
      return "";
    }
    current.updateAndGet(m -> m.withMeasurement(from, to, rttMs, weight));
    return "";
  }
}
