package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.scheduler.filter.BatchFilter;
import io.lastmile.controlplane.scheduler.filter.BatchFilter.BatchCheck;
import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.filter.Filter.NodeCheck;
import io.lastmile.controlplane.scheduler.filter.LocalityFilter;
import io.lastmile.controlplane.scheduler.filter.LocalityFilter.LocalityCheck;
import io.lastmile.controlplane.scheduler.score.BatchScorer;
import io.lastmile.controlplane.scheduler.score.Scorer;
import io.lastmile.controlplane.scheduler.score.Scorer.NodeScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Places one job: every node runs the filter chain (the first failing filter names the reason),
 * every feasible node is scored, scores are normalised over the feasible set and weighted, and the
 * highest total wins (ties go to the lower node id, so decisions are reproducible).
 *
 * <p>Filters that depend only on where a node is ({@link LocalityFilter}: jurisdiction, round trip)
 * run before the others, whatever their position in the list, and once per locality: a rejected
 * locality counts all its nodes under that one reason. The counts stay exact; they are those of the
 * chain with the locality filters first.
 *
 * <p>Node filters and scorers run over all candidates at once: through their fast path over the
 * view's {@link NodeColumns} when they have one ({@link BatchFilter}, {@link BatchScorer}),
 * otherwise node by node. The candidate and score arrays are reused from one decision to the next
 * on the same thread.
 */
public final class Scheduler {
  /** How many candidates a placement keeps for its explanation. */
  public static final int TOP_CANDIDATES = 5;

  private final List<LocalityFilter> localityFilters;
  private final List<Filter> nodeFilters;
  private final List<Scorer> scorers;
  private final List<String> scorerNames;
  private final ScoreWeights weights;
  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

  public Scheduler(List<Filter> filters, List<Scorer> scorers, ScoreWeights weights) {
    this.localityFilters =
        filters.stream()
            .filter(LocalityFilter.class::isInstance)
            .map(LocalityFilter.class::cast)
            .toList();
    this.nodeFilters = filters.stream().filter(f -> !(f instanceof LocalityFilter)).toList();
    this.scorers = List.copyOf(scorers);
    this.scorerNames = scorers.stream().map(Scorer::name).toList();
    this.weights = weights;
    weights.validate(scorerNames);
  }

  /** Names of the scorers, in ranking order: the keys a job's own weights may use. */
  public List<String> scorerNames() {
    return scorerNames;
  }

  /** Checks a job's own weights before it is accepted; see {@link SchedulingRequest}. */
  public void validateOverrides(Map<String, Double> overrides) {
    weights.validateOverrides(overrides, scorerNames);
  }

  public Decision decide(SchedulingRequest job, ClusterView cluster) {
    LocalityCheck[] atLocality = prepareLocalities(job, cluster);
    BatchCheck[] atNode = prepareBatches(nodeFilters, job, cluster);
    Localities localities = cluster.localities();
    NodeColumns nodes = cluster.columns();
    Scratch s = scratch.get().fit(nodes.size(), scorers.size());
    int[] candidates = s.positions;
    int count = 0;
    RejectionTally tally = new RejectionTally();
    for (int g = 0; g < localities.count(); g++) {
      int from = localities.start(g);
      int to = localities.end(g);
      Rejection where = firstRejection(atLocality, g, nodes.node(from));
      if (where != null) {
        tally.add(where, to - from, from);
        continue;
      }
      System.arraycopy(s.everyPosition, from, candidates, count, to - from);
      count += to - from;
    }
    for (int f = 0; f < atNode.length && count > 0; f++) {
      count = atNode[f].keep(nodes, candidates, count, tally);
    }
    int considered = nodes.size();
    if (count == 0) {
      return new Decision.Unschedulable(tally.counts(), considered);
    }
    double[] w = weights.resolve(job.spec().jobClass(), job.weightOverrides(), scorerNames);
    for (int i = 0; i < scorers.size(); i++) {
      score(scorers.get(i), job, cluster, candidates, count, s.raw[i]);
    }
    Ranking ranking = new Ranking(job, cluster, scorers, w, candidates, count, s.raw, s.totals);
    int[] best = ranking.best(TOP_CANDIDATES);
    List<CandidateScore> top = new ArrayList<>(best.length);
    for (int i : best) {
      top.add(ranking.candidate(i));
    }
    NodeSnapshot node = nodes.node(candidates[best[0]]);
    List<Integer> gpus = GpuPicker.pick(node, job.spec().resources());
    return new Decision.Placed(node, gpus, top, count, considered);
  }

  /** Raw values of {@code scorer} for the candidates, through its fast path when it has one. */
  private static void score(
      Scorer scorer,
      SchedulingRequest job,
      ClusterView cluster,
      int[] candidates,
      int count,
      double[] out) {
    NodeColumns nodes = cluster.columns();
    if (scorer instanceof BatchScorer batch) {
      batch.rawAll(job, cluster, nodes, candidates, count, out);
      return;
    }
    NodeScore score = scorer.prepare(job, cluster);
    for (int i = 0; i < count; i++) {
      out[i] = score.raw(nodes.node(candidates[i]));
    }
  }

  /** Candidate positions and raw scores of one decision, kept for the next on the same thread. */
  private static final class Scratch {
    /**
     * {@code everyPosition[k] == k}: the source candidates are copied from, a locality at a time.
     */
    int[] everyPosition = new int[0];

    int[] positions = new int[0];
    double[][] raw = new double[0][];
    double[] totals = new double[0];

    Scratch fit(int nodes, int scorers) {
      if (positions.length < nodes) {
        positions = new int[nodes];
        everyPosition = new int[nodes];
        Arrays.setAll(everyPosition, k -> k);
        raw = new double[scorers][nodes];
        totals = new double[nodes];
      } else if (raw.length < scorers) {
        raw = new double[scorers][positions.length];
      }
      return this;
    }
  }

  /** The reason the chain rejects {@code node} for {@code job}, or null when it passes. */
  public Rejection rejection(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    Rejection r = firstRejection(prepare(localityFilters, job, cluster), node);
    return r != null ? r : firstRejection(prepare(nodeFilters, job, cluster), node);
  }

  private static NodeCheck[] prepare(
      List<? extends Filter> filters, SchedulingRequest job, ClusterView cluster) {
    return prepared(filters, f -> f.prepare(job, cluster), NodeCheck.PASS, NodeCheck[]::new);
  }

  private LocalityCheck[] prepareLocalities(SchedulingRequest job, ClusterView cluster) {
    return prepared(
        localityFilters,
        f -> f.prepareLocalities(job, cluster),
        LocalityCheck.PASS,
        LocalityCheck[]::new);
  }

  private static BatchCheck[] prepareBatches(
      List<Filter> filters, SchedulingRequest job, ClusterView cluster) {
    return prepared(
        filters, f -> prepareBatch(f, job, cluster), BatchCheck.PASS, BatchCheck[]::new);
  }

  /** The filter's fast path over the columns when it has one, otherwise its check node by node. */
  private static BatchCheck prepareBatch(Filter f, SchedulingRequest job, ClusterView cluster) {
    if (f instanceof BatchFilter batch) {
      return batch.prepareBatch(job, cluster);
    }
    NodeCheck check = f.prepare(job, cluster);
    return check == NodeCheck.PASS ? BatchCheck.PASS : eachNode(check);
  }

  /** Runs {@code check} on each candidate's node. */
  private static BatchCheck eachNode(NodeCheck check) {
    return (nodes, positions, count, tally) -> {
      int kept = 0;
      for (int j = 0; j < count; j++) {
        int k = positions[j];
        Rejection r = check.check(nodes.node(k));
        if (r == null) {
          positions[kept++] = k;
        } else {
          tally.add(r, 1, k);
        }
      }
      return kept;
    };
  }

  /** Each filter prepared for the job, leaving out those that pass everything. */
  private static <F extends Filter, C> C[] prepared(
      List<F> filters, Function<F, C> prepare, C pass, IntFunction<C[]> array) {
    List<C> checks = new ArrayList<>(filters.size());
    for (F f : filters) {
      C check = prepare.apply(f);
      if (check != pass) {
        checks.add(check);
      }
    }
    return checks.toArray(array);
  }

  private static Rejection firstRejection(LocalityCheck[] checks, int locality, NodeSnapshot node) {
    Rejection rejection = null;
    for (int f = 0; f < checks.length && rejection == null; f++) {
      rejection = checks[f].check(locality, node);
    }
    return rejection;
  }

  private static Rejection firstRejection(NodeCheck[] checks, NodeSnapshot node) {
    for (NodeCheck check : checks) {
      Rejection rejection = check.check(node);
      if (rejection != null) {
        return rejection;
      }
    }
    return null;
  }
}
