package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.filter.LocalityFilter;
import io.lastmile.controlplane.scheduler.score.Scorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scheduling as plainly as it can be written, for differential tests: every node through the filter
 * chain one by one (its locality filters first), in locality order, every feasible node scored one
 * by one, nothing precomputed, shared or numbered.
 */
final class ReferenceScheduler {
  private final List<Filter> filters;
  private final List<Scorer> scorers;
  private final ScoreWeights weights;

  ReferenceScheduler(List<Filter> filters, List<Scorer> scorers, ScoreWeights weights) {
    this.filters = filters;
    this.scorers = scorers;
    this.weights = weights;
  }

  /** The decision made node by node, in locality order, with nothing precomputed. */
  Decision decide(SchedulingRequest job, ClusterView view) {
    Map<List<String>, List<NodeSnapshot>> groups = new LinkedHashMap<>();
    for (NodeSnapshot n : view.nodes()) {
      List<String> key = List.of(n.info().region(), n.info().jurisdiction(), n.info().marketZone());
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(n);
    }
    Map<RejectReason, Integer> counts = new LinkedHashMap<>();
    Map<RejectReason, Rejection> closest = new LinkedHashMap<>();
    List<NodeSnapshot> feasible = new ArrayList<>();
    for (List<NodeSnapshot> group : groups.values()) {
      for (NodeSnapshot n : group) {
        Rejection r = firstRejection(job, n, view);
        if (r == null) {
          feasible.add(n);
          continue;
        }
        counts.merge(r.reason(), 1, Integer::sum);
        Rejection before = closest.get(r.reason());
        if (before == null || gap(r) < gap(before)) {
          closest.put(r.reason(), r);
        }
      }
    }
    if (feasible.isEmpty()) {
      List<RejectionCount> out = new ArrayList<>();
      counts.forEach((reason, c) -> out.add(new RejectionCount(reason, c, closest.get(reason))));
      out.sort(
          (x, y) ->
              x.reason().stage() != y.reason().stage()
                  ? y.reason().stage().compareTo(x.reason().stage())
                  : x.nodes() != y.nodes()
                      ? Integer.compare(y.nodes(), x.nodes())
                      : x.reason().compareTo(y.reason()));
      return new Decision.Unschedulable(out, view.nodes().size());
    }
    return best(job, view, feasible);
  }

  private Rejection firstRejection(SchedulingRequest job, NodeSnapshot n, ClusterView view) {
    for (boolean byLocality : new boolean[] {true, false}) {
      for (Filter f : filters) {
        boolean first = f instanceof LocalityFilter;
        Rejection r = first == byLocality ? f.prepare(job, view).check(n) : null;
        if (r != null) {
          return r;
        }
      }
    }
    return null;
  }

  /**
   * The best {@link Scheduler#TOP_CANDIDATES} by repeated selection: each round scans the nodes not
   * yet taken in locality order and keeps a node when its total is higher by more than 1e-9, or
   * within 1e-9 and its id is lower.
   */
  private Decision best(SchedulingRequest job, ClusterView view, List<NodeSnapshot> nodes) {
    List<String> names = scorers.stream().map(Scorer::name).toList();
    double[] w = weights.resolve(job.spec().jobClass(), job.weightOverrides(), names);
    double[][] raw = new double[scorers.size()][nodes.size()];
    for (int s = 0; s < scorers.size(); s++) {
      for (int i = 0; i < nodes.size(); i++) {
        raw[s][i] = scorers.get(s).prepare(job, view).raw(nodes.get(i));
      }
    }
    double[][] parts = new double[nodes.size()][scorers.size()];
    double[] totals = new double[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      for (int s = 0; s < scorers.size(); s++) {
        Normalizer.Range range = Normalizer.Range.of(raw[s], nodes.size());
        parts[i][s] = range.normalize(raw[s][i], scorers.get(s).lowerIsBetter(job));
        totals[i] += w[s] * parts[i][s];
      }
    }
    List<CandidateScore> top = new ArrayList<>();
    boolean[] taken = new boolean[nodes.size()];
    int first = -1;
    while (top.size() < Math.min(Scheduler.TOP_CANDIDATES, nodes.size())) {
      int best = -1;
      for (int i = 0; i < nodes.size(); i++) {
        boolean better =
            best < 0
                || (Math.abs(totals[i] - totals[best]) > 1e-9
                    ? totals[i] > totals[best]
                    : nodes.get(i).id().compareTo(nodes.get(best).id()) < 0);
        if (!taken[i] && better) {
          best = i;
        }
      }
      taken[best] = true;
      first = first < 0 ? best : first;
      List<CandidateScore.Component> components = new ArrayList<>();
      for (int s = 0; s < scorers.size(); s++) {
        Scorer scorer = scorers.get(s);
        components.add(
            new CandidateScore.Component(
                scorer.name(), raw[s][best], scorer.unit(view), parts[best][s], w[s]));
      }
      NodeSnapshot node = nodes.get(best);
      top.add(new CandidateScore(node.id(), node.info().region(), totals[best], components));
    }
    NodeSnapshot node = nodes.get(first);
    return new Decision.Placed(
        node, GpuPicker.pick(node, job.spec().resources()), top, nodes.size(), view.nodes().size());
  }

  private static double gap(Rejection r) {
    return Math.abs(r.limit() - r.observed());
  }
}
