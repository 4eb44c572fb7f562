package io.lastmile.sim;

import io.lastmile.controlplane.energy.PriceBook;
import java.time.Duration;
import java.time.Instant;

/**
 * What a run cost: GPU power times GPUs times run time times the site's PUE, at the settled prices
 * of the site's zone averaged over the run.
 */
public final class Accounting {
  private static final double MWH_PER_WH = 1e-6;
  private static final double MS_PER_HOUR = 3_600_000;

  private final PriceBook settled;
  private final double wattsPerGpu;

  public Accounting(PriceBook settled, double wattsPerGpu) {
    this.settled = settled;
    this.wattsPerGpu = wattsPerGpu;
  }

  public String currency() {
    return settled.currency();
  }

  public double siteWh(Site site, int gpus, long runMs) {
    return wattsPerGpu * gpus * runMs / MS_PER_HOUR * site.pue();
  }

  /** Cost of {@code siteWh} drawn evenly over {@code [startMs, startMs + runMs)} at the site. */
  public double cost(Site site, double siteWh, long startMs, long runMs) {
    double price =
        settled.averagePricePerMwh(
            site.zone(), Instant.ofEpochMilli(startMs), Duration.ofMillis(runMs));
    if (Double.isNaN(price)) {
      throw new IllegalStateException(
          "no settled price for zone %s at %s: the period must lie inside the price data"
              .formatted(site.zone(), Instant.ofEpochMilli(startMs)));
    }
    return siteWh * MWH_PER_WH * price;
  }

  /** The price of the hour containing {@code atMs}. */
  public double pricePerMwh(Site site, long atMs) {
    return settled.pricePerMwh(site.zone(), Instant.ofEpochMilli(atMs));
  }
}
