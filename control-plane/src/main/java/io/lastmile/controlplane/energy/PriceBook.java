package io.lastmile.controlplane.energy;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Hourly electricity prices per market zone, actual and forecast, in one base currency. Immutable:
 * {@link #with} returns an updated copy, so a scheduling cycle reads one consistent book.
 *
 * <p>Prices in another currency are converted on the way in with the book's exchange rates; a price
 * in a currency without a rate is refused rather than compared as if it were the base. For one hour
 * a settled price replaces a forecast, and a forecast never replaces a settled price.
 *
 * <p>An hour without a price takes the last earlier price of its zone (prices persist until the
 * next one is known); an hour before the first price of its zone is unknown.
 */
public final class PriceBook {
  private final String currency;
  private final Map<String, Double> ratesToBase;
  private final Map<String, NavigableMap<Instant, Hour>> byZone;
  private final Map<String, PriceSeries> series;

  private record Hour(double pricePerMwh, boolean forecast) {}

  private PriceBook(
      String currency,
      Map<String, Double> ratesToBase,
      Map<String, NavigableMap<Instant, Hour>> byZone,
      Map<String, PriceSeries> series) {
    this.currency = currency;
    this.ratesToBase = ratesToBase;
    this.byZone = byZone;
    this.series = series;
  }

  /** An empty book whose prices are all in {@code currency}. */
  public static PriceBook empty(String currency) {
    return withRates(currency, Map.of());
  }

  /**
   * An empty book in {@code currency} that also accepts prices in the currencies of {@code
   * ratesToBase}: one unit of the key currency is worth that many units of {@code currency}.
   */
  public static PriceBook withRates(String currency, Map<String, Double> ratesToBase) {
    Map<String, Double> rates = new HashMap<>(ratesToBase);
    rates.forEach(
        (code, rate) -> {
          if (!(rate > 0) || rate.isInfinite()) {
            throw new IllegalArgumentException(
                "exchange rate %s->%s must be > 0, got %s".formatted(code, currency, rate));
          }
        });
    rates.put(currency, 1.0);
    return new PriceBook(currency, Map.copyOf(rates), Map.of(), Map.of());
  }

  /** Currency of every price this book returns. */
  public String currency() {
    return currency;
  }

  public Set<String> zones() {
    return byZone.keySet();
  }

  /** A copy with {@code points} added; see the class comment for which price wins an hour. */
  public PriceBook with(Collection<PricePoint> points) {
    Map<String, NavigableMap<Instant, Hour>> copy = new HashMap<>(byZone);
    Map<String, NavigableMap<Instant, Hour>> touched = new HashMap<>();
    for (PricePoint p : points) {
      Double rate = ratesToBase.get(p.currency());
      if (rate == null) {
        throw new IllegalArgumentException(
            "price for %s at %s is in %s, which has no exchange rate to %s"
                .formatted(p.zone(), p.hourStart(), p.currency(), currency));
      }
      NavigableMap<Instant, Hour> hours =
          touched.computeIfAbsent(p.zone(), z -> new TreeMap<>(copy.getOrDefault(z, EMPTY)));
      Hour existing = hours.get(p.hourStart());
      if (existing == null || existing.forecast() || !p.forecast()) {
        hours.put(p.hourStart(), new Hour(p.pricePerMwh() * rate, p.forecast()));
      }
    }
    Map<String, PriceSeries> seriesCopy = new HashMap<>(series);
    touched.forEach(
        (zone, hours) -> {
          copy.put(zone, Collections.unmodifiableNavigableMap(hours));
          NavigableMap<Instant, Double> prices = new TreeMap<>();
          hours.forEach((hour, h) -> prices.put(hour, h.pricePerMwh()));
          seriesCopy.put(zone, PriceSeries.of(prices));
        });
    return new PriceBook(currency, ratesToBase, Map.copyOf(copy), Map.copyOf(seriesCopy));
  }

  /**
   * The price {@code zone} has of its own for the hour starting at {@code hourStart}, converted to
   * {@link #currency()}; null when that hour has none (carried-forward prices do not count).
   */
  public PricePoint own(String zone, Instant hourStart) {
    Hour h = byZone.getOrDefault(zone, EMPTY).get(hourStart);
    return h == null
        ? null
        : new PricePoint(zone, hourStart, h.pricePerMwh(), currency, h.forecast());
  }

  /** Units of {@link #currency()} per unit of {@code code}; null when the book has no rate. */
  public Double rateToBase(String code) {
    return ratesToBase.get(code);
  }

  public PriceBook with(PricePoint point) {
    return with(List.of(point));
  }

  /**
   * The time-weighted average price over {@code [start, start + duration)}, in {@link #currency()}
   * per MWh; {@code NaN} when some part of the window is before the zone's first price. A zero
   * duration gives the price of the hour containing {@code start}.
   */
  public double averagePricePerMwh(String zone, Instant start, Duration duration) {
    PriceSeries s = series.get(zone);
    return s == null ? Double.NaN : s.average(start.toEpochMilli(), duration.toMillis());
  }

  /** The price of the hour containing {@code at}; {@code NaN} when none is known yet. */
  public double pricePerMwh(String zone, Instant at) {
    PriceSeries s = series.get(zone);
    return s == null ? Double.NaN : s.priceAt(at.toEpochMilli());
  }

  /** Whether the hour containing {@code at} has a price of its own (not carried forward). */
  public boolean covers(String zone, Instant at) {
    PriceSeries s = series.get(zone);
    return s != null && s.covers(at.toEpochMilli());
  }

  /** Start of the last hour of {@code zone} with a price of its own; null when none. */
  public Instant lastHour(String zone) {
    PriceSeries s = series.get(zone);
    return s == null ? null : s.lastHour();
  }

  private static final NavigableMap<Instant, Hour> EMPTY = new TreeMap<>();
}
