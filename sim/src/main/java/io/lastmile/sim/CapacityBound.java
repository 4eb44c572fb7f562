package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
   * @param costByClass the cost's share of each {@link JobClass}, by ordinal (work of several
   *     classes that reaches a slot through one hub pays the hub's mean price)
   */
  public record Result(
      double cost, double siteWh, long unplacedMs, int groups, double[] costByClass) {}

  private record Group(JobClass jobClass, long sites, long firstHour, long lastHour) {}

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
      addWork(work, job.jobClass(), allowedSites(job, fleet), from, to, job.run().toMillis());
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
  static void addWork(
      Map<Group, Long> work, JobClass jobClass, long sites, long from, long to, long runMs) {
    if (to == from) {
      for (long h = Math.floorDiv(from, HOUR_MS); h * HOUR_MS < from + runMs; h++) {
        long part = Math.min(from + runMs, (h + 1) * HOUR_MS) - Math.max(from, h * HOUR_MS);
        work.merge(new Group(jobClass, sites, h, h), part, Long::sum);
      }
    } else {
      long last = Math.floorDiv(to + runMs - 1, HOUR_MS);
      work.merge(new Group(jobClass, sites, Math.floorDiv(from, HOUR_MS), last), runMs, Long::sum);
    }
  }

  /**
   * Source → group (its GPU time) → slot (site, hour) → sink (the site's GPUs for an hour, at the
   * slot's price). Groups that may use every site reach a slot through one hub per hour.
   */
  static Result solve(Map<Group, Long> work, Fleet fleet, Accounting accounting) {
    long firstHour = Long.MAX_VALUE;
    long lastHour = Long.MIN_VALUE;
    long total = 0;
    for (Map.Entry<Group, Long> e : work.entrySet()) {
      firstHour = Math.min(firstHour, e.getKey().firstHour());
      lastHour = Math.max(lastHour, e.getKey().lastHour());
      total += e.getValue();
    }
    if (total == 0) {
      return new Result(0, 0, 0, 0, new double[JobClass.values().length]);
    }
    int hours = (int) (lastHour - firstHour + 1);
    Network net = new Network(fleet, slotPrices(fleet, accounting, firstHour, hours), firstHour);
    List<int[]> groupEdges = new ArrayList<>();
    for (Map.Entry<Group, Long> e : work.entrySet()) {
      net.addGroup(e.getKey(), e.getValue(), total, groupEdges);
    }
    long sent = net.g.solve(Network.SOURCE, Network.SINK, total);
    if (sent < total) {
      return new Result(
          Double.NaN, Double.NaN, total - sent, work.size(), new double[JobClass.values().length]);
    }
    double perUnit = fleet.wattsPerGpu() * 1e-6 / HOUR_MS;
    double[] hubUnit = net.hubUnitPrices();
    double[] byClass = new double[JobClass.values().length];
    for (int[] ge : groupEdges) {
      double unit = ge[2] >= 0 ? net.unit[ge[2]] : hubUnit[-ge[2] - 1];
      byClass[ge[0]] += net.g.flow(ge[1]) * unit * perUnit;
    }
    double cost = 0;
    double wh = 0;
    for (int i = 0; i < net.slot.length; i++) {
      long ms = net.g.flow(net.toSink[i]);
      wh += ms * fleet.wattsPerGpu() * fleet.sites().get(i % net.sites).pue() / HOUR_MS;
      cost += ms * net.unit[i] * perUnit;
    }
    return new Result(cost, wh, 0, work.size(), byClass);
  }

  /** The flow network of one bound: slots, hubs, and the groups as they are added. */
  private static final class Network {
    static final int SOURCE = 0;
    static final int SINK = 1;
    final MinCostFlow g = new MinCostFlow(2);
    final int sites;
    final long all;
    final long firstHour;
    final double[] unit;
    final int[] slot;
    final int[] toSink;
    final Map<Integer, int[]> hubs = new HashMap<>();

    Network(Fleet fleet, double[] unit, long firstHour) {
      this.sites = fleet.sites().size();
      this.all = sites == Long.SIZE ? -1L : (1L << sites) - 1;
      this.firstHour = firstHour;
      this.unit = unit;
      double min = Double.POSITIVE_INFINITY;
      for (double u : unit) {
        min = Math.min(min, u);
      }
      long slotCap = (long) fleet.nodesPerSite() * fleet.gpusPerNode() * HOUR_MS;
      slot = new int[unit.length];
      toSink = new int[unit.length];
      for (int i = 0; i < slot.length; i++) {
        slot[i] = g.addNode();
        toSink[i] = g.addEdge(slot[i], SINK, slotCap, Math.round((unit[i] - min) * MILLI));
      }
    }

    /**
     * Adds a group; records {class, edge, slot index} per edge into {@code edges}, with {@code
     * -hour - 1} in place of the slot for an edge into an hour's hub.
     */
    void addGroup(Group grp, long ms, long total, List<int[]> edges) {
      int node = g.addNode();
      g.addEdge(SOURCE, node, ms, 0);
      int c = grp.jobClass().ordinal();
      for (long h = grp.firstHour(); h <= grp.lastHour(); h++) {
        int hour = (int) (h - firstHour);
        if (grp.sites() == all) {
          int hub = hubs.computeIfAbsent(hour, k -> hub(hour))[0];
          edges.add(new int[] {c, g.addEdge(node, hub, total, 0), -hour - 1});
          continue;
        }
        for (int s = 0; s < sites; s++) {
          if ((grp.sites() & (1L << s)) != 0) {
            int i = hour * sites + s;
            edges.add(new int[] {c, g.addEdge(node, slot[i], total, 0), i});
          }
        }
      }
    }

    /** A hub: its node, then its edge into each site's slot of the hour. */
    private int[] hub(int hour) {
      int[] hub = new int[sites + 1];
      hub[0] = g.addNode();
      for (int s = 0; s < sites; s++) {
        hub[s + 1] = g.addEdge(hub[0], slot[hour * sites + s], Long.MAX_VALUE / 4, 0);
      }
      return hub;
    }

    /** Mean unit price of what each hour's hub sent on, by hour; 0 where it sent nothing. */
    double[] hubUnitPrices() {
      double[] out = new double[unit.length / sites];
      hubs.forEach(
          (hour, hub) -> {
            double flow = 0;
            double paid = 0;
            for (int s = 0; s < sites; s++) {
              long f = g.flow(hub[s + 1]);
              flow += f;
              paid += f * unit[hour * sites + s];
            }
            out[hour] = flow == 0 ? 0 : paid / flow;
          });
      return out;
    }
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
