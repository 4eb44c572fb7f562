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

  private final NodeColumns nodes;
  private final List<Scorer> scorers;
  private final double[] weight;
  private final int[] feasible;
  private final int count;
  private final double[][] raw;
  private final int[] idRank;
  private final double[] totals;
  private final Normalizer.Range[] ranges;
  private final boolean[] lowerIsBetter;
  private final String[] units;

  /**
   * @param feasible positions in the view's {@link NodeColumns}; the first {@code count} are used
   * @param raw each scorer's raw values of the feasible nodes, in the same order
   * @param totals room for the weighted totals of the feasible nodes
   */
  Ranking(
      SchedulingRequest job,
      ClusterView cluster,
      List<Scorer> scorers,
      double[] weight,
      int[] feasible,
      int count,
      double[][] raw,
      double[] totals) {
    this.nodes = cluster.columns();
    this.scorers = scorers;
    this.weight = weight;
    this.feasible = feasible;
    this.count = count;
    int n = scorers.size();
    this.raw = raw;
    this.idRank = cluster.localities().idRanks();
    this.totals = totals;
    ranges = new Normalizer.Range[n];
    lowerIsBetter = new boolean[n];
    units = new String[n];
    for (int s = 0; s < n; s++) {
      Scorer scorer = scorers.get(s);
      lowerIsBetter[s] = scorer.lowerIsBetter(job);
      units[s] = scorer.unit(cluster);
      ranges[s] = Normalizer.Range.of(raw[s], count);
    }
  }

  double total(int i) {
    double total = 0;
    for (int s = 0; s < ranges.length; s++) {
      total += weight[s] * ranges[s].normalize(raw[s][i], lowerIsBetter[s]);
    }
    return total;
  }

  /**
   * Positions (into the feasible set) of the best {@code k} nodes, best first: totals scorer by
   * scorer, then one pass that keeps each node that beats the worst of the best so far.
   */
  int[] best(int k) {
    int size = Math.min(k, count);
    int[] top = new int[size];
    double[] topTotals = new double[size];
    Arrays.fill(totals, 0, count, 0.0);
    for (int s = 0; s < ranges.length; s++) {
      ranges[s].addWeighted(raw[s], count, lowerIsBetter[s], weight[s], totals);
    }
    int filled = 0;
    for (int i = 0; i < count; i++) {
      double t = totals[i];
      if (filled == size && !better(t, i, topTotals[size - 1], top[size - 1])) {
        continue;
      }
      int at = filled < size ? filled++ : size - 1;
      while (at > 0 && better(t, i, topTotals[at - 1], top[at - 1])) {
        topTotals[at] = topTotals[at - 1];
        top[at] = top[at - 1];
        at--;
      }
      topTotals[at] = t;
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
    NodeSnapshot node = nodes.node(feasible[i]);
    return new CandidateScore(node.id(), node.info().region(), total(i), parts);
  }

  private boolean better(double total, int i, double otherTotal, int other) {
    if (Math.abs(total - otherTotal) > TIE) {
      return total > otherTotal;
    }
    return idRank[feasible[i]] < idRank[feasible[other]];
  }
}
