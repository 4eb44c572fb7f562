package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.score.Scorer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Places one job: every node runs the filter chain (the first failing filter names the reason),
 * every feasible node is scored, scores are normalised over the feasible set and weighted, and the
 * highest total wins (ties go to the lower node id, so decisions are reproducible).
 */
public final class Scheduler {
  /** How many candidates a placement keeps for its explanation. */
  public static final int TOP_CANDIDATES = 5;

  private final List<Filter> filters;
  private final List<Scorer> scorers;
  private final ScoreWeights weights;

  public Scheduler(List<Filter> filters, List<Scorer> scorers, ScoreWeights weights) {
    this.filters = List.copyOf(filters);
    this.scorers = List.copyOf(scorers);
    this.weights = weights;
    weights.validate(scorers.stream().map(Scorer::name).toList());
  }

  public Decision decide(SchedulingRequest job, ClusterView cluster) {
    List<NodeSnapshot> feasible = new ArrayList<>();
    Map<RejectReason, Tally> tallies = new EnumMap<>(RejectReason.class);
    for (NodeSnapshot node : cluster.nodes()) {
      Rejection rejection = firstRejection(job, node, cluster);
      if (rejection == null) {
        feasible.add(node);
      } else {
        tallies.computeIfAbsent(rejection.reason(), r -> new Tally()).add(rejection);
      }
    }
    int considered = cluster.nodes().size();
    if (feasible.isEmpty()) {
      List<RejectionCount> counts = new ArrayList<>();
      tallies.forEach((reason, t) -> counts.add(new RejectionCount(reason, t.count, t.closest)));
      counts.sort(
          Comparator.comparingInt(RejectionCount::nodes)
              .reversed()
              .thenComparing(RejectionCount::reason));
      return new Decision.Unschedulable(counts, considered);
    }
    List<CandidateScore> ranked = score(job, feasible, cluster);
    CandidateScore best = ranked.get(0);
    NodeSnapshot node =
        feasible.stream().filter(n -> n.id().equals(best.nodeId())).findFirst().orElseThrow();
    List<Integer> gpus = GpuPicker.pick(node, job.spec().resources());
    return new Decision.Placed(
        node,
        gpus,
        ranked.subList(0, Math.min(TOP_CANDIDATES, ranked.size())),
        feasible.size(),
        considered);
  }

  private Rejection firstRejection(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    for (Filter filter : filters) {
      Rejection rejection = filter.check(job, node, cluster);
      if (rejection != null) {
        return rejection;
      }
    }
    return null;
  }

  private List<CandidateScore> score(
      SchedulingRequest job, List<NodeSnapshot> feasible, ClusterView cluster) {
    int n = feasible.size();
    double[][] raw = new double[scorers.size()][n];
    for (int s = 0; s < scorers.size(); s++) {
      for (int i = 0; i < n; i++) {
        raw[s][i] = scorers.get(s).raw(job, feasible.get(i), cluster);
      }
    }
    List<CandidateScore> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<CandidateScore.Component> parts = new ArrayList<>(scorers.size());
      double total = 0;
      for (int s = 0; s < scorers.size(); s++) {
        Scorer scorer = scorers.get(s);
        double normalized = Normalizer.minMax(raw[s], i, scorer.lowerIsBetter());
        double weight = weights.weight(job.spec().jobClass(), scorer.name());
        total += weight * normalized;
        parts.add(
            new CandidateScore.Component(
                scorer.name(), raw[s][i], scorer.unit(), normalized, weight));
      }
      NodeSnapshot node = feasible.get(i);
      out.add(new CandidateScore(node.id(), node.info().region(), total, parts));
    }
    out.sort(
        Comparator.comparingDouble(CandidateScore::total)
            .reversed()
            .thenComparing(CandidateScore::nodeId));
    return out;
  }

  /** Count of nodes rejected for one reason, keeping the rejection closest to passing. */
  private static final class Tally {
    int count;
    Rejection closest;

    void add(Rejection r) {
      count++;
      if (closest == null || gap(r) < gap(closest)) {
        closest = r;
      }
    }

    private static double gap(Rejection r) {
      return Math.abs(r.limit() - r.observed());
    }
  }
}
