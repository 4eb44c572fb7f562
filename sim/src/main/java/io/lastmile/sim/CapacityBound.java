package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lower bound on the energy cost of any schedule that keeps the latency bounds and each site's
 * GPU capacity: the cheapest assignment of the workload's GPU time to (site, hour) slots, as a
 * transportation problem solved exactly by {@link MinCostFlow}.
 *
 * <p>A job may start anywhere in a window: latency-critical jobs at arrival, deferrable ones up to
 * their deadline less the deadline margin, interruptible ones up to {@code interruptibleSlack}
 * after arrival; each window is widened to the latest start any evaluated policy gave the job, so
 * the bound stays below those policies. Its GPU time may then be spread over every hour its run
 * could touch, at any site within its round-trip bound: a relaxation (a job may split across hours
 * and sites), so the bound is below every schedule of those windows. A slot holds at most the
 * site's GPUs for an hour. Jobs with the same allowed sites and hours form one group. Like the
 * uncapacitated bounds, it assumes no preempted, wasted run earned money at negative prices.
 */
public final class CapacityBound {
  private static final long HOUR_MS = 3_600_000;
  private static final double MILLI = 1000;

  /**
   * @param cost least energy cost, in the accounting currency; NaN when the work does not fit
   * @param siteWh site energy of that assignment
   * @param unplacedMs GPU time with no room in its window (0 when the bound exists)
   * @param groups supply groups of the transportation problem
   */
  public record Result(double cost, double siteWh, long unplacedMs, int groups) {}

  private record Group(long sites, long firstHour, long lastHour) {}

  private CapacityBound() {}

  public static Result of(
      List<SimJob> jobs,
      Fleet fleet,
      Accounting accounting,
      Duration deadlineMargin,
      Duration interruptibleSlack,
      List<Simulation.Run> runs) {
    if (fleet.sites().size() > Long.SIZE) {
      throw new IllegalArgumentException(
          "the capacity bound handles at most 64 sites, got " + fleet.sites().size());
    }
    Map<Group, Long> work = new LinkedHashMap<>();
    for (SimJob job : jobs) {
      long from = job.arrival().toEpochMilli();
      long to = latestStart(job, from, deadlineMargin, interruptibleSlack, runs);
      addWork(work, allowedSites(job, fleet), from, to, job.run().toMillis());
    }
    return solve(work, fleet, accounting);
  }

  private static long latestStart(
      SimJob job, long from, Duration margin, Duration slack, List<Simulation.Run> runs) {
    long to = from;
    if (job.jobClass() == JobClass.DEFERRABLE && job.deadline() != null) {
      to = Math.max(to, job.deadline().toEpochMilli() - margin.toMillis());
    } else if (job.jobClass() == JobClass.INTERRUPTIBLE) {
      to = from + slack.toMillis();
    }
    for (Simulation.Run run : runs) {
      to = Math.max(to, run.outcomes().get(job.index()).startMs());
    }
    return to;
  }

  private static long allowedSites(SimJob job, Fleet fleet) {
    long mask = 0;
    for (int s = 0; s < fleet.sites().size(); s++) {
      boolean inBound =
          job.maxRttMs() <= 0
              || fleet.latency().rttMs(job.origin(), fleet.sites().get(s).region())
                  <= job.maxRttMs();
      if (inBound) {
        mask |= 1L << s;
      }
    }
    return mask;
  }

  /**
   * A job with a fixed start puts its exact share of GPU time in each hour its run touches; a job
   * with a window may use any hour from its arrival's to its latest run end's.
   */
  static void addWork(Map<Group, Long> work, long sites, long from, long to, long runMs) {
    if (to == from) {
      for (long h = Math.floorDiv(from, HOUR_MS); h * HOUR_MS < from + runMs; h++) {
        long part = Math.min(from + runMs, (h + 1) * HOUR_MS) - Math.max(from, h * HOUR_MS);
        work.merge(new Group(sites, h, h), part, Long::sum);
      }
    } else {
      long last = Math.floorDiv(to + runMs - 1, HOUR_MS);
      work.merge(new Group(sites, Math.floorDiv(from, HOUR_MS), last), runMs, Long::sum);
    }
  }

  /**
   * Source → group (its GPU time) → slot (site, hour) → sink (the site's GPUs for an hour, at the
   * slot's price). Groups that may use every site reach a slot through one hub per hour.
   */
  static Result solve(Map<Group, Long> work, Fleet fleet, Accounting accounting) {
    int sites = fleet.sites().size();
    long all = sites == Long.SIZE ? -1L : (1L << sites) - 1;
    long firstHour = Long.MAX_VALUE;
    long lastHour = Long.MIN_VALUE;
    long total = 0;
    for (Map.Entry<Group, Long> e : work.entrySet()) {
      firstHour = Math.min(firstHour, e.getKey().firstHour());
      lastHour = Math.max(lastHour, e.getKey().lastHour());
      total += e.getValue();
    }
    if (total == 0) {
      return new Result(0, 0, 0, 0);
    }
    int hours = (int) (lastHour - firstHour + 1);
    double[] unit = slotPrices(fleet, accounting, firstHour, hours);
    double min = Double.POSITIVE_INFINITY;
    for (double u : unit) {
      min = Math.min(min, u);
    }
    MinCostFlow g = new MinCostFlow(2);
    int source = 0;
    int sink = 1;
    long slotCap = (long) fleet.nodesPerSite() * fleet.gpusPerNode() * HOUR_MS;
    int[] slot = new int[hours * sites];
    int[] toSink = new int[slot.length];
    for (int i = 0; i < slot.length; i++) {
      slot[i] = g.addNode();
      toSink[i] = g.addEdge(slot[i], sink, slotCap, Math.round((unit[i] - min) * MILLI));
    }
    Map<Long, Integer> hubs = new HashMap<>();
    for (Map.Entry<Group, Long> e : work.entrySet()) {
      Group grp = e.getKey();
      int node = g.addNode();
      g.addEdge(source, node, e.getValue(), 0);
      for (long h = grp.firstHour(); h <= grp.lastHour(); h++) {
        int row = (int) (h - firstHour) * sites;
        if (grp.sites() == all) {
          g.addEdge(node, hubs.computeIfAbsent(h, k -> hub(g, slot, row, sites)), total, 0);
          continue;
        }
        for (int s = 0; s < sites; s++) {
          if ((grp.sites() & (1L << s)) != 0) {
            g.addEdge(node, slot[row + s], total, 0);
          }
        }
      }
    }
    long sent = g.solve(source, sink, total);
    if (sent < total) {
      return new Result(Double.NaN, Double.NaN, total - sent, work.size());
    }
    double cost = 0;
    double wh = 0;
    for (int i = 0; i < slot.length; i++) {
      long ms = g.flow(toSink[i]);
      double siteWhPerMs = fleet.wattsPerGpu() * fleet.sites().get(i % sites).pue() / HOUR_MS;
      wh += ms * siteWhPerMs;
      cost += ms * unit[i] / HOUR_MS * fleet.wattsPerGpu() * 1e-6;
    }
    return new Result(cost, wh, 0, work.size());
  }

  private static int hub(MinCostFlow g, int[] slot, int row, int sites) {
    int hub = g.addNode();
    for (int s = 0; s < sites; s++) {
      g.addEdge(hub, slot[row + s], Long.MAX_VALUE / 4, 0);
    }
    return hub;
  }

  /** Settled price times PUE of every slot, hour-major, per MWh drawn by the GPUs. */
  private static double[] slotPrices(
      Fleet fleet, Accounting accounting, long firstHour, int hours) {
    int sites = fleet.sites().size();
    double[] unit = new double[hours * sites];
    for (int h = 0; h < hours; h++) {
      for (int s = 0; s < sites; s++) {
        Site site = fleet.sites().get(s);
        double price =
            accounting.averagePricePerMwh(
                site, Instant.ofEpochMilli((firstHour + h) * HOUR_MS), Duration.ofHours(1));
        unit[h * sites + s] = price * site.pue();
      }
    }
    return unit;
  }
}
