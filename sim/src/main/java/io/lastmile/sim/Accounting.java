package io.lastmile.sim;

import io.lastmile.controlplane.energy.EnergyCost;
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
    return EnergyCost.siteWh(wattsPerGpu * gpus * runMs / MS_PER_HOUR, site.pue());
  }

  /** Cost of {@code siteWh} drawn evenly over {@code [startMs, startMs + runMs)} at the site. */
  public double cost(Site site, double siteWh, long startMs, long runMs) {
    return siteWh
        * MWH_PER_WH
        * averagePricePerMwh(site, Instant.ofEpochMilli(startMs), Duration.ofMillis(runMs));
  }

  /** The settled price at the site averaged over {@code [start, start + duration)}. */
  public double averagePricePerMwh(Site site, Instant start, Duration duration) {
    double price = settled.averagePricePerMwh(site.zone(), start, duration);
    if (Double.isNaN(price)) {
      throw new IllegalStateException(
          "no settled price for zone %s at %s: the period must lie inside the price data"
              .formatted(site.zone(), start));
    }
    return price;
  }

  /** The price of the hour containing {@code atMs}. */
  public double pricePerMwh(Site site, long atMs) {
    return settled.pricePerMwh(site.zone(), Instant.ofEpochMilli(atMs));
  }
}
