package io.lastmile.controlplane.scheduler.preempt;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.GpuPicker;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Makes room for a {@link JobClass#LATENCY_CRITICAL} job that fits nowhere as the cluster is, by
 * stopping {@link JobClass#INTERRUPTIBLE} attempts. Call it after {@link Scheduler#decide} found no
 * node.
 *
 * <p>The plan stops as few attempts as possible; among plans with as many victims, the one whose
 * victims have the lowest total priority, then the least run time lost (the youngest), then the
 * lowest node id. A node qualifies when the job passes every filter of the scheduler once the
 * victims' GPUs, CPU, memory and power are released.
 */
public final class PreemptionPlanner {
  /** Candidates per node considered, least valuable first; bounds the subsets tried. */
  static final int MAX_CANDIDATES_PER_NODE = 12;

  private static final Comparator<RunningAttempt> LEAST_VALUABLE_FIRST =
      Comparator.comparingInt(RunningAttempt::priority)
          .thenComparing(RunningAttempt::startedAt, Comparator.reverseOrder())
          .thenComparing(RunningAttempt::attemptId);

  private final Scheduler scheduler;
  private final GpuPowerModel power;

  public PreemptionPlanner(Scheduler scheduler, GpuPowerModel power) {
    this.scheduler = scheduler;
    this.power = power;
  }

  /**
   * @param runningByNode attempts bound to each node, by node id; any class (only interruptible
   *     ones are candidates)
   */
  public Optional<PreemptionPlan> plan(
      SchedulingRequest job, ClusterView cluster, Map<String, List<RunningAttempt>> runningByNode) {
    if (job.spec().jobClass() != JobClass.LATENCY_CRITICAL) {
      return Optional.empty();
    }
    Map<String, List<RunningAttempt>> candidates = candidates(job, cluster, runningByNode);
    int most = candidates.values().stream().mapToInt(List::size).max().orElse(0);
    for (int victims = 1; victims <= most; victims++) {
      Best best = new Best(cluster.now());
      for (Map.Entry<String, List<RunningAttempt>> e : candidates.entrySet()) {
        NodeSnapshot node = cluster.node(e.getKey()).orElseThrow();
        List<RunningAttempt> pool = e.getValue();
        if (pool.size() >= victims) {
          choose(job, cluster, node, pool, new int[victims], 0, 0, best);
        }
      }
      if (best.node != null) {
        return Optional.of(best.plan(job));
      }
    }
    return Optional.empty();
  }

  /**
   * Interruptible attempts per node, least valuable first, on nodes where stopping all of them
   * would make the job fit; sorted by node id.
   */
  private Map<String, List<RunningAttempt>> candidates(
      SchedulingRequest job, ClusterView cluster, Map<String, List<RunningAttempt>> running) {
    Map<String, List<RunningAttempt>> out = new TreeMap<>();
    running.forEach(
        (nodeId, attempts) -> {
          Optional<NodeSnapshot> node = cluster.node(nodeId);
          List<RunningAttempt> pool =
              attempts.stream()
                  .filter(a -> a.jobClass() == JobClass.INTERRUPTIBLE)
                  .sorted(LEAST_VALUABLE_FIRST)
                  .limit(MAX_CANDIDATES_PER_NODE)
                  .toList();
          if (node.isPresent() && !pool.isEmpty() && fits(job, cluster, node.get(), pool)) {
            out.put(nodeId, pool);
          }
        });
    return out;
  }

  /** Tries every subset of {@code pool} of size {@code picked.length}, in lexicographic order. */
  private void choose(
      SchedulingRequest job,
      ClusterView cluster,
      NodeSnapshot node,
      List<RunningAttempt> pool,
      int[] picked,
      int depth,
      int from,
      Best best) {
    if (depth == picked.length) {
      List<RunningAttempt> victims = new ArrayList<>(picked.length);
      for (int i : picked) {
        victims.add(pool.get(i));
      }
      if (best.improvedBy(node, victims) && fits(job, cluster, node, victims)) {
        best.take(node, victims, released(node, victims));
      }
      return;
    }
    for (int i = from; i <= pool.size() - (picked.length - depth); i++) {
      picked[depth] = i;
      choose(job, cluster, node, pool, picked, depth + 1, i + 1, best);
    }
  }

  private boolean fits(
      SchedulingRequest job, ClusterView cluster, NodeSnapshot node, List<RunningAttempt> gone) {
    return scheduler.rejection(job, released(node, gone), cluster) == null;
  }

  private NodeSnapshot released(NodeSnapshot node, List<RunningAttempt> gone) {
    List<Integer> gpus = new ArrayList<>();
    int cpu = 0;
    long memory = 0;
    for (RunningAttempt a : gone) {
      gpus.addAll(a.gpuIndices());
      cpu += a.cpuMillis();
      memory += a.memoryMiB();
    }
    double watts = gpus.size() * power.perGpuW(node.info());
    return node.withRelease(gpus, cpu, memory, watts);
  }

  /** The best plan found so far for one victim count. */
  private static final class Best {
    private final Instant now;
    NodeSnapshot node;
    NodeSnapshot freed;
    List<RunningAttempt> victims;

    Best(Instant now) {
      this.now = now;
    }

    boolean improvedBy(NodeSnapshot candidate, List<RunningAttempt> set) {
      if (node == null) {
        return true;
      }
      int byPriority = Long.compare(priority(set), priority(victims));
      if (byPriority != 0) {
        return byPriority < 0;
      }
      int byLoss = lost(set).compareTo(lost(victims));
      if (byLoss != 0) {
        return byLoss < 0;
      }
      return candidate.id().compareTo(node.id()) < 0;
    }

    void take(NodeSnapshot candidate, List<RunningAttempt> set, NodeSnapshot afterRelease) {
      node = candidate;
      victims = set;
      freed = afterRelease;
    }

    PreemptionPlan plan(SchedulingRequest job) {
      List<Integer> gpus = GpuPicker.pick(freed, job.spec().resources());
      String summary =
          "preempts %d interruptible attempt%s on %s (%s): %s"
              .formatted(
                  victims.size(),
                  victims.size() == 1 ? "" : "s",
                  node.id(),
                  node.info().region(),
                  victims.stream()
                      .map(v -> "%s (priority %d)".formatted(v.attemptId(), v.priority()))
                      .collect(Collectors.joining(", ")));
      return new PreemptionPlan(node, victims, gpus, summary);
    }

    private static long priority(List<RunningAttempt> set) {
      long sum = 0;
      for (RunningAttempt a : set) {
        sum += a.priority();
      }
      return sum;
    }

    private Duration lost(List<RunningAttempt> set) {
      Duration sum = Duration.ZERO;
      for (RunningAttempt a : set) {
        sum = sum.plus(Duration.between(a.startedAt(), now));
      }
      return sum;
    }
  }
}
