package io.lastmile.controlplane.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

  private record Hour(double pricePerMwh, boolean forecast) {}

  private PriceBook(
      String currency,
      Map<String, Double> ratesToBase,
      Map<String, NavigableMap<Instant, Hour>> byZone) {
    this.currency = currency;
    this.ratesToBase = ratesToBase;
    this.byZone = byZone;
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
    return new PriceBook(currency, Map.copyOf(rates), Map.of());
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
    touched.forEach((zone, hours) -> copy.put(zone, Collections.unmodifiableNavigableMap(hours)));
    return new PriceBook(currency, ratesToBase, Map.copyOf(copy));
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
    NavigableMap<Instant, Hour> hours = byZone.get(zone);
    if (hours == null) {
      return Double.NaN;
    }
    if (duration.isZero() || duration.isNegative()) {
      return priceAt(hours, start);
    }
    Instant end = start.plus(duration);
    double weighted = 0;
    Instant cursor = start;
    while (cursor.isBefore(end)) {
      Instant hourEnd = cursor.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
      Instant sliceEnd = hourEnd.isBefore(end) ? hourEnd : end;
      double price = priceAt(hours, cursor);
      if (Double.isNaN(price)) {
        return Double.NaN;
      }
      weighted += price * Duration.between(cursor, sliceEnd).toMillis();
      cursor = sliceEnd;
    }
    return weighted / duration.toMillis();
  }

  /** The price of the hour containing {@code at}; {@code NaN} when none is known yet. */
  public double pricePerMwh(String zone, Instant at) {
    NavigableMap<Instant, Hour> hours = byZone.get(zone);
    return hours == null ? Double.NaN : priceAt(hours, at);
  }

  /** Whether the hour containing {@code at} has a price of its own (not carried forward). */
  public boolean covers(String zone, Instant at) {
    NavigableMap<Instant, Hour> hours = byZone.get(zone);
    return hours != null && hours.containsKey(at.truncatedTo(ChronoUnit.HOURS));
  }

  /** Start of the last hour of {@code zone} with a price of its own; null when none. */
  public Instant lastHour(String zone) {
    NavigableMap<Instant, Hour> hours = byZone.get(zone);
    return hours == null || hours.isEmpty() ? null : hours.lastKey();
  }

  private static double priceAt(NavigableMap<Instant, Hour> hours, Instant at) {
    Map.Entry<Instant, Hour> e = hours.floorEntry(at);
    return e == null ? Double.NaN : e.getValue().pricePerMwh();
  }

  private static final NavigableMap<Instant, Hour> EMPTY = new TreeMap<>();
}
