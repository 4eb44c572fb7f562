package io.lastmile.sim;

import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.sim.data.HourlyPrices;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The prices the scheduler knows at a simulated instant, as a day-ahead market publishes them: the
 * past day, today, and from {@code publishHourUtc} on also tomorrow (UTC days). Day-ahead prices
 * are taken as the forecast of the settled ones, which they are in the day-ahead datasets (where a
 * dataset holds real-time prices, this forecast is perfect: see the report).
 */
public final class PriceHorizon {
  private final HourlyPrices prices;
  private final String currency;
  private final Map<String, Double> ratesToBase;
  private final int publishHourUtc;
  private Instant cachedHour;
  private PriceBook cached;

  /**
   * @param ratesToBase units of {@code currency} per unit of each dataset currency
   */
  public PriceHorizon(
      HourlyPrices prices, String currency, Map<String, Double> ratesToBase, int publishHourUtc) {
    this.prices = prices;
    this.currency = currency;
    this.ratesToBase = Map.copyOf(ratesToBase);
    this.publishHourUtc = publishHourUtc;
  }

  /** Every price of the dataset: what energy actually cost, for accounting. */
  public PriceBook settled() {
    return PriceBook.withRates(currency, ratesToBase)
        .with(prices.points(Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")));
  }

  public String currency() {
    return currency;
  }

  /** The book known at {@code now}; the same object for every instant of one hour. */
  public PriceBook at(Instant now) {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    if (!hour.equals(cachedHour)) {
      cachedHour = hour;
      cached =
          PriceBook.withRates(currency, ratesToBase)
              .with(prices.points(hour.minus(Duration.ofDays(1)), knownUntil(now)));
    }
    return cached;
  }

  /** End of the last hour whose price is published at {@code now}. */
  public Instant knownUntil(Instant now) {
    Instant day = now.truncatedTo(ChronoUnit.DAYS);
    long hourOfDay = Duration.between(day, now).toHours();
    return day.plus(Duration.ofDays(hourOfDay >= publishHourUtc ? 2 : 1));
  }
}
