package io.lastmile.controlplane.scheduler.defer;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.EnergyCost;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
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
 *
 * <p>Windows have room: a window is full when, in one of its hours, deferred jobs already waiting
 * for it or running then (the {@link DeferralBook}; a started job counts for its expected run)
 * would hold more than {@code windowShare} of the zone's GPUs with this job. A job then takes the
 * cheapest window that is not full, so deferred work spreads over the cheap hours instead of all
 * starting at the cheapest one, and the rest of the zone's GPUs stay for latency-critical work,
 * which may not preempt deferred jobs. When the zone is full now, the job waits for its cheapest
 * window with room even if that costs more than now, and starts now only when no window before its
 * latest start has room. A share of 1 lets deferred work fill the zone.
 */
public final class DeferralPolicy {

  private final double minSaving;
  private final Duration deadlineMargin;
  private final double windowShare;
  private final EnergyEstimator energy;
  private final DeferralBook book = new DeferralBook();

  /** A policy whose windows have no limit of room (a window share of 1 and unknown zones). */
  public DeferralPolicy(double minSaving, Duration deadlineMargin, EnergyEstimator energy) {
    this(minSaving, deadlineMargin, 1, energy);
  }

  public DeferralPolicy(
      double minSaving, Duration deadlineMargin, double windowShare, EnergyEstimator energy) {
    if (!(minSaving >= 0 && minSaving <= 1)) {
      throw new IllegalArgumentException(
          "lastmile.scheduler.deferral.min-saving must be in [0, 1], got " + minSaving);
    }
    if (deadlineMargin.isNegative()) {
      throw new IllegalArgumentException(
          "lastmile.scheduler.deferral.deadline-margin must be >= 0, got " + deadlineMargin);
    }
    if (!(windowShare > 0 && windowShare <= 1)) {
      throw new IllegalArgumentException(
          "lastmile.scheduler.deferral.window-share must be in (0, 1], got " + windowShare);
    }
    this.minSaving = minSaving;
    this.windowShare = windowShare;
    this.deadlineMargin = deadlineMargin;
    this.energy = energy;
  }

  /** When a job alone would start: reads and writes no booking, so no window is ever full. */
  public Deferral decide(JobSpec spec, NodeInfo node, PriceBook prices, Instant now) {
    return decide(null, spec, node, 0, prices, now);
  }

  /**
   * When job {@code jobId} should start on {@code node}, given the windows other deferred jobs wait
   * for. Its own earlier booking is released first; when the answer is to wait, the window is
   * booked under {@code jobId}.
   *
   * @param zoneGpus GPUs of all nodes in the node's market zone; 0 when unknown (windows never
   *     full)
   */
  public Deferral decide(
      String jobId, JobSpec spec, NodeInfo node, int zoneGpus, PriceBook prices, Instant now) {
    if (jobId != null) {
      book.release(jobId);
      book.prune(now);
    }
    Deferral d = weigh(spec, node, room(zoneGpus), prices, now);
    if (jobId != null && d instanceof Deferral.WaitUntil w) {
      book.book(jobId, node.marketZone(), w.startAt(), energy.runTime(spec), gpus(spec));
    }
    return d;
  }

  /** Forgets the window a job waited for or the run it started: it left the queue. */
  public void release(String jobId) {
    book.release(jobId);
  }

  /**
   * Job {@code jobId} starts now on {@code node}: a deferrable job's expected run is booked in
   * place of the window it waited for, so that it counts against the room of the hours it runs in.
   */
  public void started(String jobId, JobSpec spec, NodeInfo node, Instant now) {
    if (spec.jobClass() == JobClass.DEFERRABLE) {
      book.book(jobId, node.marketZone(), now, energy.runTime(spec), gpus(spec));
    } else {
      book.release(jobId);
    }
  }

  /** Jobs waiting for a window, or started and within their expected run. */
  public int waiting() {
    return book.size();
  }

  /** GPUs of all nodes of {@code zone} in the view, whatever their state. */
  public static int zoneGpus(ClusterView view, String zone) {
    int gpus = 0;
    for (NodeSnapshot n : view.nodes()) {
      if (zone.equals(n.info().marketZone())) {
        gpus += n.gpuCount();
      }
    }
    return gpus;
  }

  /**
   * GPUs deferred jobs may hold in one hour of the zone, at least one so that a zone of a single
   * GPU still defers; {@code MAX_VALUE} for no limit.
   */
  private int room(int zoneGpus) {
    return zoneGpus <= 0
        ? Integer.MAX_VALUE
        : Math.max(1, (int) Math.floor(windowShare * zoneGpus));
  }

  private Deferral weigh(JobSpec spec, NodeInfo node, int room, PriceBook prices, Instant now) {
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
    boolean roomNow = book.peakGpus(zone, now, run) + gpus(spec) <= room;
    Window[] found =
        scan(
            roomNow ? new Window(now, nowPrice) : null, now, latest, zone, run, spec, room, prices);
    Window best = found[0];
    if (best == null) {
      return new Deferral.StartNow(
          "starts now: deferred jobs hold the %s of %s they may hold in every window before %s"
              .formatted(gpuCount(room), zone, latest));
    }
    String full = fullNote(found[1], best, zone, room);
    double saving = fraction(nowPrice, best.price());
    String currency = prices.currency();
    if (!roomNow) {
      return new Deferral.WaitUntil(
          best.start(),
          saving,
          amount(spec, node, nowPrice, best.price()),
          currency,
          "waits until %s: deferred jobs hold the %s of %s they may hold now; %s %s/MWh then"
                  .formatted(best.start(), gpuCount(room), zone, price(best.price()), currency)
              + " instead of %s now; deadline %s%s"
                  .formatted(price(nowPrice), spec.deadline(), full));
    }
    if (best.start().equals(now)) {
      return new Deferral.StartNow(
          "starts now: no cheaper window in %s before %s (%s %s/MWh now)%s"
              .formatted(zone, latest, price(nowPrice), currency, full));
    }
    if (saving < minSaving) {
      return new Deferral.StartNow(
          "starts now: waiting until %s would save %s, below the %s threshold%s"
              .formatted(best.start(), percent(saving), percent(minSaving), full));
    }
    return new Deferral.WaitUntil(
        best.start(),
        saving,
        amount(spec, node, nowPrice, best.price()),
        currency,
        "waits until %s: %s %s/MWh in %s instead of %s now saves %s; deadline %s%s"
            .formatted(
                best.start(),
                price(best.price()),
                currency,
                zone,
                price(nowPrice),
                percent(saving),
                spec.deadline(),
                full));
  }

  /**
   * The cheapest window with room up to {@code latest} ({@code nowWindow} unless a later one is
   * cheaper; null when now has no room), or null when none has room, and the cheapest window
   * cheaper than that which was full, or null.
   */
  private Window[] scan(
      Window nowWindow,
      Instant now,
      Instant latest,
      String zone,
      Duration run,
      JobSpec spec,
      int room,
      PriceBook prices) {
    Window best = nowWindow;
    Window cheapestFull = null;
    for (Instant s = nextHour(now);
        !s.isAfter(latest) && covered(prices, zone, s, run);
        s = s.plus(1, ChronoUnit.HOURS)) {
      double p = prices.averagePricePerMwh(zone, s, run);
      if (best != null && p >= best.price()) {
        continue;
      }
      if (book.peakGpus(zone, s, run) + gpus(spec) <= room) {
        best = new Window(s, p);
      } else if (cheapestFull == null || p < cheapestFull.price()) {
        cheapestFull = new Window(s, p);
      }
    }
    return new Window[] {best, cheapestFull};
  }

  /** Why a cheaper window was passed over, or nothing when none was. */
  private static String fullNote(Window cheapestFull, Window best, String zone, int room) {
    if (cheapestFull == null || cheapestFull.price() >= best.price()) {
      return "";
    }
    return "; the cheaper window at %s is full (deferred jobs may hold %s of %s in an hour)"
        .formatted(cheapestFull.start(), gpuCount(room), zone);
  }

  private static String gpuCount(int room) {
    return room == 1 ? "1 GPU" : room + " GPUs";
  }

  /** What waiting saves on {@code node}, in the price's currency; below 0 when it costs more. */
  private double amount(JobSpec spec, NodeInfo node, double nowPrice, double laterPrice) {
    return EnergyCost.of(energy.itEnergyWh(spec, node), node.pue(), nowPrice - laterPrice);
  }

  private record Window(Instant start, double price) {}

  private static int gpus(JobSpec spec) {
    return spec.resources().gpuCount();
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
  static double fraction(double nowPrice, double bestPrice) {
    if (nowPrice > 0) {
      return (nowPrice - bestPrice) / nowPrice;
    }
    return bestPrice < nowPrice ? 1 : 0;
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
  }

  private static String price(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
