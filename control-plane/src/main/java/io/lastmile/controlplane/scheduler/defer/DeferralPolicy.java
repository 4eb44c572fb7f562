package io.lastmile.controlplane.scheduler.defer;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * When a {@link JobClass#DEFERRABLE} job should start on a node: now, or at the start of the
 * cheapest window the price forecast covers before the job's deadline, when that window saves at
 * least {@code minSaving} (a fraction of the cost of starting now).
 *
 * <p>The deadline is the latest start. A job never waits past the deadline less {@code
 * deadlineMargin} (time for the scheduling cycle and the agent), and at or after that instant it
 * starts at once, whatever the prices. Windows are only considered where the forecast covers every
 * hour of the run: waiting on a guess is not worth a missed deadline.
 */
public final class DeferralPolicy {
  private static final double WH_PER_MWH = 1_000_000;

  private final double minSaving;
  private final Duration deadlineMargin;
  private final EnergyEstimator energy;

  public DeferralPolicy(double minSaving, Duration deadlineMargin, EnergyEstimator energy) {
    if (!(minSaving >= 0 && minSaving <= 1)) {
      throw new IllegalArgumentException("deferral min-saving must be in [0, 1], got " + minSaving);
    }
    if (deadlineMargin.isNegative()) {
      throw new IllegalArgumentException("deferral deadline-margin must be >= 0");
    }
    this.minSaving = minSaving;
    this.deadlineMargin = deadlineMargin;
    this.energy = energy;
  }

  public Deferral decide(JobSpec spec, NodeInfo node, PriceBook prices, Instant now) {
    if (spec.jobClass() != JobClass.DEFERRABLE || spec.deadline() == null) {
      return new Deferral.StartNow("starts now: not deferrable");
    }
    Instant latest = spec.deadline().minus(deadlineMargin);
    if (!now.isBefore(latest)) {
      return new Deferral.StartNow(
          "starts now: its deadline %s leaves no time to wait".formatted(spec.deadline()));
    }
    String zone = node.marketZone();
    Duration run = energy.runTime(spec);
    double nowPrice = prices.averagePricePerMwh(zone, now, run);
    if (Double.isNaN(nowPrice)) {
      return new Deferral.StartNow("starts now: no price known for %s".formatted(zone));
    }
    Instant bestStart = now;
    double bestPrice = nowPrice;
    for (Instant s = nextHour(now); !s.isAfter(latest) && covered(prices, zone, s, run); ) {
      double p = prices.averagePricePerMwh(zone, s, run);
      if (p < bestPrice) {
        bestPrice = p;
        bestStart = s;
      }
      s = s.plus(1, ChronoUnit.HOURS);
    }
    double saving = fraction(nowPrice, bestPrice);
    String currency = prices.currency();
    if (bestStart.equals(now)) {
      return new Deferral.StartNow(
          "starts now: no cheaper window in %s before %s (%s %s/MWh now)"
              .formatted(zone, latest, price(nowPrice), currency));
    }
    if (saving < minSaving) {
      return new Deferral.StartNow(
          "starts now: waiting until %s would save %s, below the %s threshold"
              .formatted(bestStart, percent(saving), percent(minSaving)));
    }
    double siteWh = energy.itEnergyWh(spec, node) * node.pue();
    double amount = siteWh / WH_PER_MWH * (nowPrice - bestPrice);
    return new Deferral.WaitUntil(
        bestStart,
        saving,
        amount,
        currency,
        "waits until %s: %s %s/MWh in %s instead of %s now saves %s; deadline %s"
            .formatted(
                bestStart,
                price(bestPrice),
                currency,
                zone,
                price(nowPrice),
                percent(saving),
                spec.deadline()));
  }

  /** Whether the book has a price of its own for every hour of {@code [start, start + run)}. */
  private static boolean covered(PriceBook prices, String zone, Instant start, Duration run) {
    Instant last = prices.lastHour(zone);
    if (last == null || !prices.covers(zone, start)) {
      return false;
    }
    Instant end = run.isZero() ? start.plusMillis(1) : start.plus(run);
    return !end.isAfter(last.plus(1, ChronoUnit.HOURS));
  }

  private static Instant nextHour(Instant t) {
    return t.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
  }

  /** Saving relative to the price now; with a price of 0 or below, any cheaper window is all. */
  private static double fraction(double nowPrice, double bestPrice) {
    if (nowPrice > 0) {
      return (nowPrice - bestPrice) / nowPrice;
    }
    return bestPrice < nowPrice ? 1 : 0;
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  private static String price(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
