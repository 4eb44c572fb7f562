package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.scheduler.score.Scorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of one decision's feasible nodes: every scorer's raw value per node, its range over
 * the feasible set, and weighted totals. Picks the best few without sorting the whole set.
 */
final class Ranking {
  /** Totals closer than this are a tie, decided by node id. */
  private static final double TIE = 1e-9;

  private final ClusterView cluster;
  private final List<Scorer> scorers;
  private final double[] weight;
  private final int[] feasible;
  private final int count;
  private final double[][] raw;
  private final Normalizer.Range[] ranges;
  private final boolean[] lowerIsBetter;
  private final String[] units;

  /**
   * @param feasible indices into the view's nodes; the first {@code count} are used
   */
  Ranking(
      SchedulingRequest job,
      ClusterView cluster,
      List<Scorer> scorers,
      double[] weight,
      int[] feasible,
      int count) {
    this.cluster = cluster;
    this.scorers = scorers;
    this.weight = weight;
    this.feasible = feasible;
    this.count = count;
    int n = scorers.size();
    raw = new double[n][count];
    ranges = new Normalizer.Range[n];
    lowerIsBetter = new boolean[n];
    units = new String[n];
    for (int s = 0; s < n; s++) {
      Scorer scorer = scorers.get(s);
      lowerIsBetter[s] = scorer.lowerIsBetter(job);
      units[s] = scorer.unit(cluster);
      Scorer.NodeScore score = scorer.prepare(job, cluster);
      double[] values = raw[s];
      for (int i = 0; i < count; i++) {
        values[i] = score.raw(cluster.node(feasible[i]));
      }
      ranges[s] = Normalizer.Range.of(values, count);
    }
  }

  double total(int i) {
    double total = 0;
    for (int s = 0; s < raw.length; s++) {
      total += weight[s] * ranges[s].normalize(raw[s][i], lowerIsBetter[s]);
    }
    return total;
  }

  /** Positions (into the feasible set) of the best {@code k} nodes, best first. */
  int[] best(int k) {
    int size = Math.min(k, count);
    int[] top = new int[size];
    double[] totals = new double[size];
    int filled = 0;
    for (int i = 0; i < count; i++) {
      double t = total(i);
      if (filled == size && !better(t, i, totals[size - 1], top[size - 1])) {
        continue;
      }
      int at = filled < size ? filled++ : size - 1;
      while (at > 0 && better(t, i, totals[at - 1], top[at - 1])) {
        totals[at] = totals[at - 1];
        top[at] = top[at - 1];
        at--;
      }
      totals[at] = t;
      top[at] = i;
    }
    return Arrays.copyOf(top, filled);
  }

  CandidateScore candidate(int i) {
    List<CandidateScore.Component> parts = new ArrayList<>(scorers.size());
    for (int s = 0; s < scorers.size(); s++) {
      double normalized = ranges[s].normalize(raw[s][i], lowerIsBetter[s]);
      parts.add(
          new CandidateScore.Component(
              scorers.get(s).name(), raw[s][i], units[s], normalized, weight[s]));
    }
    NodeSnapshot node = cluster.node(feasible[i]);
    return new CandidateScore(node.id(), node.info().region(), total(i), parts);
  }

  private boolean better(double total, int i, double otherTotal, int other) {
    if (Math.abs(total - otherTotal) > TIE) {
      return total > otherTotal;
    }
    return id(i).compareTo(id(other)) < 0;
  }

  private String id(int i) {
    return cluster.node(feasible[i]).id();
  }
}
