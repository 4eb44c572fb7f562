package io.lastmile.sim.data;

import java.util.Locale;

/**
 * One accelerator's measured inference figures, per accelerator: wall power of the whole system
 * divided by its accelerators (host included), and output tokens per second in MLPerf's Offline
 * (batch) and Server (latency-bounded) scenarios.
 *
 * @param source where the figures come from, in words, for the report
 */
public record GpuMeasurement(
    String model,
    double wattsPerGpu,
    double offlineTokensPerSecond,
    double serverTokensPerSecond,
    String source) {

  public GpuMeasurement {
    if (!(wattsPerGpu > 0) || !(offlineTokensPerSecond > 0) || !(serverTokensPerSecond > 0)) {
      throw new IllegalArgumentException(
          "GPU %s: power and throughputs must be > 0, got %s W, %s and %s tokens/s"
              .formatted(model, wattsPerGpu, offlineTokensPerSecond, serverTokensPerSecond));
    }
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "%s: %.0f W per GPU, %.0f tokens/s per GPU batched (Offline), %.0f tokens/s per GPU"
            + " interactive (Server); %s",
        model,
        wattsPerGpu,
        offlineTokensPerSecond,
        serverTokensPerSecond,
        source);
  }
}
