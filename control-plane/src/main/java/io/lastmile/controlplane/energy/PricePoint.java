package io.lastmile.controlplane.energy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The electricity price of one market zone for one hour.
 *
 * @param hourStart start of the hour the price applies to; must fall on a whole hour (UTC)
 * @param currency ISO 4217 code of {@code pricePerMwh}, for example "EUR"
 * @param forecast whether this is a forecast (day-ahead) rather than the settled price
 */
public record PricePoint(
    String zone, Instant hourStart, double pricePerMwh, String currency, boolean forecast) {

  public PricePoint {
    if (zone == null || zone.isBlank()) {
      throw new IllegalArgumentException("zone must not be empty");
    }
    if (!hourStart.truncatedTo(ChronoUnit.HOURS).equals(hourStart)) {
      throw new IllegalArgumentException("hour_start must be a whole hour, got " + hourStart);
    }
    if (!Double.isFinite(pricePerMwh)) {
      throw new IllegalArgumentException("price_per_mwh must be finite, got " + pricePerMwh);
    }
    if (currency == null || currency.isBlank()) {
      throw new IllegalArgumentException("currency must not be empty");
    }
  }

  public static PricePoint actual(String zone, Instant hourStart, double pricePerMwh, String cur) {
    return new PricePoint(zone, hourStart, pricePerMwh, cur, false);
  }

  public static PricePoint forecast(
      String zone, Instant hourStart, double pricePerMwh, String cur) {
    return new PricePoint(zone, hourStart, pricePerMwh, cur, true);
  }
}
