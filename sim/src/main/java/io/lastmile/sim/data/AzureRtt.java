package io.lastmile.sim.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the Azure inter-region round-trip matrix: first column {@code Source}, one column per
 * destination region, values in ms, the diagonal empty. The source reports A to B and B to A
 * separately; Lastmile's latency map is symmetric, so a pair's round trip is the mean of both
 * directions (or the one given).
 */
public final class AzureRtt {
  private final Map<String, Map<String, Double>> rttMs;

  private AzureRtt(Map<String, Map<String, Double>> rttMs) {
    this.rttMs = rttMs;
  }

  public static AzureRtt of(Csv csv) {
    int source = csv.column("Source");
    Map<String, Map<String, Double>> m = new HashMap<>();
    for (int r = 0; r < csv.size(); r++) {
      String from = csv.text(r, source);
      for (int c = 0; c < csv.header().size(); c++) {
        if (c == source || csv.text(r, c).isEmpty()) {
          continue;
        }
        double v = csv.number(r, c);
        if (!(v >= 0)) {
          throw new IllegalArgumentException(
              "%s line %s: round trip %s -> %s must be >= 0 ms, got %s"
                  .formatted(csv.source(), csv.line(r), from, csv.header().get(c), v));
        }
        m.computeIfAbsent(from, k -> new HashMap<>()).put(csv.header().get(c).trim(), v);
      }
    }
    return new AzureRtt(m);
  }

  public boolean knows(String region) {
    return rttMs.containsKey(region);
  }

  /** Symmetric round trip in ms; 0 within a region; NaN when neither direction is known. */
  public double rttMs(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    double ab = one(a, b);
    double ba = one(b, a);
    if (Double.isNaN(ab)) {
      return ba;
    }
    return Double.isNaN(ba) ? ab : (ab + ba) / 2;
  }

  private double one(String a, String b) {
    Double v = rttMs.getOrDefault(a, Map.of()).get(b);
    return v == null ? Double.NaN : v;
  }
}
