package io.lastmile.bench;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.EnergyHistory;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionCount;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.ScoreWeights;
import io.lastmile.controlplane.scheduler.StandardChain;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Places a queue of synthetic jobs on synthetic fleets of several sizes, one decision at a time,
 * binding each placement into the next decision's view and completing the oldest placements when
 * the fleet is 80% allocated (so the fleet stays busy but never jams). Then places the first jobs
 * of the same queue with Fenzo on the same fleet.
 *
 * <p>Arguments: {@code nodes=1000,10000,50000 jobs=100000 warmup=20000 fenzoJobs=2000
 * fenzoBatch=100 seed=42}.
 */
public final class SchedulerBench {
  static final GpuPowerModel POWER = GpuPowerModel.defaults();
  static final Map<String, Double> WEIGHTS =
      Map.of("round-trip", 1.0, "energy-cost", 1.0, "gpu-packing", 0.3);
  private static final double BUSY = 0.8;

  public static void main(String[] args) {
    Map<String, String> opts = new java.util.HashMap<>();
    for (String a : args) {
      String[] kv = a.split("=", 2);
      opts.put(kv[0], kv[1]);
    }
    int[] sizes =
        Arrays.stream(opts.getOrDefault("nodes", "1000,10000,50000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int jobs = Integer.parseInt(opts.getOrDefault("jobs", "100000"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "20000"));
    int fenzoJobs = Integer.parseInt(opts.getOrDefault("fenzoJobs", "2000"));
    int fenzoBatch = Integer.parseInt(opts.getOrDefault("fenzoBatch", "100"));
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));

    SyntheticFleet fleet = new SyntheticFleet(50, seed);
    List<SchedulingRequest> queue = fleet.jobs(jobs, seed + 1);
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cpus; %d regions, %d jobs, warm-up %d decisions%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        fleet.regionCount,
        jobs,
        warmup);
    System.out.println(
        "| nodes | decisions | placed | placements/s | placements/CPU s | decisions/s | p50 µs | p99 µs"
            + " | p99.9 µs | max µs | digest |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (int size : sizes) {
      List<NodeSnapshot> nodes = fleet.nodes(size, seed + 2);
      Scheduler scheduler = scheduler();
      run(scheduler, fleet, nodes, fleet.jobs(warmup, seed + 3), false);
      Result r = run(scheduler, fleet, nodes, queue, true);
      System.out.println(r.row(size));
    }
    if (fenzoJobs > 0) {
      System.out.println();
      System.out.printf(
          Locale.ROOT,
          "Fenzo comparison: the first %d jobs of the queue on an empty fleet, Fenzo in batches of"
              + " %d per scheduleOnce%n",
          fenzoJobs,
          fenzoBatch);
      System.out.println(
          "| nodes | Lastmile placed | Lastmile placements/s | Fenzo placed | Fenzo placements/s | ratio |");
      System.out.println("|---:|---:|---:|---:|---:|---:|");
      List<SchedulingRequest> first = queue.subList(0, Math.min(fenzoJobs, queue.size()));
      for (int size : sizes) {
        List<NodeSnapshot> nodes = fleet.nodes(size, seed + 2);
        Scheduler scheduler = scheduler();
        run(scheduler, fleet, nodes, fleet.jobs(Math.min(warmup, 5000), seed + 3), false);
        Result ours = run(scheduler, fleet, nodes, first, true);
        FenzoRun fenzo = new FenzoRun(fleet, nodes, WEIGHTS);
        fenzo.place(fleet.jobs(Math.min(fenzoBatch * 5, 1000), seed + 3), fenzoBatch);
        fenzo = new FenzoRun(fleet, nodes, WEIGHTS);
        FenzoRun.Result theirs = fenzo.place(first, fenzoBatch);
        System.out.printf(
            Locale.ROOT,
            "| %,d | %,d | %,.0f | %,d | %,.0f | %.1f× |%n",
            size,
            ours.placed,
            ours.placementsPerSecond(),
            theirs.placed(),
            theirs.placementsPerSecond(),
            ours.placementsPerSecond() / theirs.placementsPerSecond());
      }
    }
  }

  static Scheduler scheduler() {
    EnergyEstimator energy = new EnergyEstimator(POWER, EnergyHistory.none());
    return new Scheduler(
        StandardChain.filters(POWER),
        StandardChain.scorers(energy, PackingPolicy.BIN_PACK),
        ScoreWeights.uniform(WEIGHTS));
  }

  private record Bound(String nodeId, List<Integer> gpus, int cpuMillis, long memoryMiB) {}

  static Result run(
      Scheduler scheduler,
      SyntheticFleet fleet,
      List<NodeSnapshot> nodes,
      List<SchedulingRequest> jobs,
      boolean measure) {
    ClusterView view = new ClusterView(nodes, fleet.latency, SyntheticFleet.NOW, fleet.prices);
    long totalGpus = nodes.stream().mapToLong(n -> n.info().gpus().size()).sum();
    long allocated = 0;
    ArrayDeque<Bound> running = new ArrayDeque<>();
    long[] latencyNs = new long[jobs.size()];
    int placed = 0;
    int digest = 0;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long startCpu = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    for (int j = 0; j < jobs.size(); j++) {
      SchedulingRequest job = jobs.get(j);
      long t0 = System.nanoTime();
      Decision d = scheduler.decide(job, view);
      latencyNs[j] = System.nanoTime() - t0;
      digest = 31 * digest + digest(d);
      if (d instanceof Decision.Placed p) {
        placed++;
        int cpu = job.spec().resources().cpuMillis();
        long mem = job.spec().resources().memoryMiB();
        view = view.withNode(p.node().withAllocation(p.gpuIndices(), cpu, mem));
        running.add(new Bound(p.node().id(), p.gpuIndices(), cpu, mem));
        allocated += p.gpuIndices().size();
        while (allocated > BUSY * totalGpus) {
          Bound done = running.poll();
          NodeSnapshot n = view.node(done.nodeId()).orElseThrow();
          view = view.withNode(n.withRelease(done.gpus(), done.cpuMillis(), done.memoryMiB(), 0));
          allocated -= done.gpus().size();
        }
      }
    }
    long wallNs = System.nanoTime() - start;
    long cpuNs = threads.getCurrentThreadCpuTime() - startCpu;
    return new Result(jobs.size(), placed, wallNs, cpuNs, latencyNs, digest);
  }

  /**
   * Everything a decision says (node, GPUs, top candidates with their scores, or the rejections),
   * hashed, so that two builds can be shown to decide the same.
   */
  static int digest(Decision d) {
    if (d instanceof Decision.Placed p) {
      return Objects.hash(
          p.node().id(), p.gpuIndices(), p.top(), p.feasibleNodes(), p.nodesConsidered());
    }
    Decision.Unschedulable u = (Decision.Unschedulable) d;
    int h = u.nodesConsidered();
    for (RejectionCount c : u.rejections()) {
      // Not the records' own hash: an enum's hash differs from one JVM run to the next.
      Rejection r = c.closest();
      h = 31 * h + Objects.hash(c.reason().name(), c.nodes(), r.observed(), r.limit(), r.subject());
    }
    return h;
  }

  /**
   * @param cpuNs CPU time of the placing thread over the run: on a shared machine it moves less
   *     with other processes' load than the wall time does
   */
  record Result(int decisions, int placed, long wallNs, long cpuNs, long[] latencyNs, int digest) {
    double placementsPerSecond() {
      return placed / (wallNs / 1e9);
    }

    double placementsPerCpuSecond() {
      return placed / (cpuNs / 1e9);
    }

    String row(int nodes) {
      long[] sorted = latencyNs.clone();
      Arrays.sort(sorted);
      return String.format(
          Locale.ROOT,
          "| %,d | %,d | %,d | %,.0f | %,.0f | %,.0f | %.1f | %.1f | %.1f | %.1f | %08x |",
          nodes,
          decisions,
          placed,
          placementsPerSecond(),
          placementsPerCpuSecond(),
          decisions / (wallNs / 1e9),
          at(sorted, 0.50),
          at(sorted, 0.99),
          at(sorted, 0.999),
          sorted[sorted.length - 1] / 1e3,
          digest);
    }

    private static double at(long[] sorted, double q) {
      return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e3;
    }
  }
}
