package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.util.List;

/**
 * A lower bound on the energy cost of any schedule, from a relaxation: capacity is ignored, every
 * job runs once (no preemption) at the cheapest site and start it could have had. A job's starts
 * range from its arrival to the latest of its deadline less the deadline margin (deferrable jobs)
 * and the start any evaluated policy gave it. Cost as a function of the start is piecewise linear
 * between hour boundaries, so the minimum over the window is found exactly at the window's ends,
 * the hour starts inside it and those instants less the run time.
 *
 * <p>Two bounds: one over the sites within each job's round-trip bound (a bound for each evaluated
 * policy that keeps the bounds), one over all sites (a bound for each evaluated policy). Both
 * assume that no preempted, wasted run earned money at negative prices.
 */
public final class OfflineBound {
  private static final long HOUR_MS = 3_600_000;

  /** The bounds and the site energy of the cheapest placements. */
  public record Result(double withinBounds, double anySite, double siteWhWithinBounds) {}

  private OfflineBound() {}

  public static Result of(
      List<SimJob> jobs,
      Fleet fleet,
      Accounting accounting,
      Duration deadlineMargin,
      List<Simulation.Run> runs) {
    double within = 0;
    double any = 0;
    double wh = 0;
    for (SimJob job : jobs) {
      long from = job.arrival().toEpochMilli();
      long to = latestStart(job, from, deadlineMargin, runs);
      long runMs = job.run().toMillis();
      double bestWithin = Double.POSITIVE_INFINITY;
      double bestAny = Double.POSITIVE_INFINITY;
      double bestWh = 0;
      for (Site site : fleet.sites()) {
        double siteWh = accounting.siteWh(site, 1, runMs);
        double c = cheapestStart(accounting, site, siteWh, from, to, runMs);
        bestAny = Math.min(bestAny, c);
        boolean inBound =
            job.maxRttMs() <= 0
                || fleet.latency().rttMs(job.origin(), site.region()) <= job.maxRttMs();
        if (inBound && c < bestWithin) {
          bestWithin = c;
          bestWh = siteWh;
        }
      }
      within += bestWithin;
      any += bestAny;
      wh += bestWh;
    }
    return new Result(within, any, wh);
  }

  private static long latestStart(
      SimJob job, long from, Duration margin, List<Simulation.Run> runs) {
    long to = from;
    if (job.jobClass() == JobClass.DEFERRABLE && job.deadline() != null) {
      to = Math.max(to, job.deadline().toEpochMilli() - margin.toMillis());
    }
    for (Simulation.Run run : runs) {
      to = Math.max(to, run.outcomes().get(job.index()).startMs());
    }
    return to;
  }

  /** The least cost of one run at {@code site} starting anywhere in {@code [from, to]}. */
  static double cheapestStart(
      Accounting accounting, Site site, double siteWh, long from, long to, long runMs) {
    double best = accounting.cost(site, siteWh, from, runMs);
    if (to > from) {
      best = Math.min(best, accounting.cost(site, siteWh, to, runMs));
    }
    for (long h = (from / HOUR_MS + 1) * HOUR_MS; h < to + runMs; h += HOUR_MS) {
      if (h < to) {
        best = Math.min(best, accounting.cost(site, siteWh, h, runMs));
      }
      long before = h - runMs;
      if (before > from && before < to) {
        best = Math.min(best, accounting.cost(site, siteWh, before, runMs));
      }
    }
    return best;
  }
}
