package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A soft preference among feasible nodes, measured in a natural unit (ms, currency, a fraction).
 * The scheduler normalises raw values over the feasible set to [0, 1], 1 best, and weights them.
 *
 * <p>The one method to write is {@link #prepare}: a decision calls it once per job and the returned
 * function once per feasible node. A raw value of {@code NaN} means unknown: it ranks last
 * (normalised 0). The rest is declared metadata: a name, a unit and a direction. A scorer that can
 * score many nodes faster from the view's columns implements {@link BatchScorer}.
 */
public interface Scorer {

  /** Stable name, used for weights in configuration and in explanations. */
  String name();

  /** Unit of the raw values, shown in explanations. */
  String unit();

  /** Whether smaller raw values are better (latencies, costs). */
  boolean lowerIsBetter();

  /** This scorer for one job, with per-job values computed once. */
  NodeScore prepare(SchedulingRequest job, ClusterView cluster);

  /**
   * Unit of the raw values for decisions on {@code cluster}, when it depends on it (a currency).
   */
  default String unit(ClusterView cluster) {
    return unit();
  }

  /** Whether smaller raw values are better for {@code job}, when a job's policy can choose. */
  default boolean lowerIsBetter(SchedulingRequest job) {
    return lowerIsBetter();
  }

  /** One scorer prepared for one job. */
  @FunctionalInterface
  interface NodeScore {
    /** The node's value for the job. Only called for nodes that passed every filter. */
    double raw(NodeSnapshot node);
  }
}
