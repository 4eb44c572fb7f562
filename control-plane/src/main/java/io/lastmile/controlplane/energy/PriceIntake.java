package io.lastmile.controlplane.energy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Applies arriving prices to the live book by one deterministic rule per hour and zone:
 *
 * <ul>
 *   <li>a point identical to the one the book holds (same kind, same price after conversion) is a
 *       {@link Outcome#DUPLICATE} and changes nothing;
 *   <li>a forecast for an hour that already has an actual price is {@link Outcome#SUPERSEDED};
 *   <li>a point for an hour that ended more than the retention window ago is {@link
 *       Outcome#TOO_OLD};
 *   <li>otherwise the point is {@link Outcome#ACCEPTED}: the latest received actual replaces an
 *       earlier actual or forecast, the latest forecast replaces an earlier forecast.
 * </ul>
 *
 * A point in a currency without an exchange rate is refused as a whole message ({@link
 * PriceRejection#UNKNOWN_CURRENCY}) before anything changes.
 */
public final class PriceIntake {
  /** What happened to one hourly point. */
  public enum Outcome {
    ACCEPTED,
    DUPLICATE,
    SUPERSEDED,
    TOO_OLD
  }

  /** The points that changed the book (in the book's currency) and a count per outcome. */
  public record Result(List<PricePoint> accepted, Map<Outcome, Integer> counts) {}

  private final MarketPrices prices;
  private final Duration retention;
  private final Clock clock;

  public PriceIntake(MarketPrices prices, Duration retention, Clock clock) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, got " + retention);
    }
    this.prices = prices;
    this.retention = retention;
    this.clock = clock;
  }

  /** Applies one message's points; synchronized so concurrent messages see each other. */
  public synchronized Result apply(List<PricePoint> points) {
    PriceBook book = prices.book();
    for (PricePoint p : points) {
      if (book.rateToBase(p.currency()) == null) {
        throw new InvalidPriceException(
            PriceRejection.UNKNOWN_CURRENCY,
            "currency '%s' has no exchange rate to %s; set lastmile.energy.exchange-rates.%s"
                .formatted(p.currency(), book.currency(), p.currency()));
      }
    }
    Instant oldest = clock.instant().minus(retention).minus(Duration.ofHours(1));
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    List<PricePoint> accepted = new ArrayList<>();
    for (PricePoint p : points) {
      PricePoint base = toBase(book, p);
      Outcome outcome = outcome(book.own(p.zone(), p.hourStart()), base, oldest);
      counts.merge(outcome, 1, Integer::sum);
      if (outcome == Outcome.ACCEPTED) {
        accepted.add(base);
        book = book.with(base);
      }
    }
    if (!accepted.isEmpty()) {
      prices.update(accepted);
    }
    return new Result(List.copyOf(accepted), Map.copyOf(counts));
  }

  private static Outcome outcome(PricePoint held, PricePoint incoming, Instant oldest) {
    if (incoming.hourStart().isBefore(oldest)) {
      return Outcome.TOO_OLD;
    }
    if (held == null) {
      return Outcome.ACCEPTED;
    }
    if (held.forecast() == incoming.forecast() && held.pricePerMwh() == incoming.pricePerMwh()) {
      return Outcome.DUPLICATE;
    }
    return !held.forecast() && incoming.forecast() ? Outcome.SUPERSEDED : Outcome.ACCEPTED;
  }

  private static PricePoint toBase(PriceBook book, PricePoint p) {
    double rate = book.rateToBase(p.currency());
    return new PricePoint(
        p.zone(), p.hourStart(), p.pricePerMwh() * rate, book.currency(), p.forecast());
  }
}
