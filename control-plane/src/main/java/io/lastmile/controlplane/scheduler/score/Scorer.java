package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A soft preference among feasible nodes, measured in a natural unit (ms, currency, a fraction).
 * The scheduler normalises raw values over the feasible set to [0, 1], 1 best, and weights them.
 *
 * <p>A decision calls {@link #prepare} once per job and the returned function once per feasible
 * node. A raw value of {@code NaN} means unknown: it ranks last (normalised 0).
 */
public interface Scorer {

  /** Stable name, used for weights in configuration and in explanations. */
  String name();

  /** Unit of {@link #raw}, shown in explanations. */
  String unit();

  /** Unit of {@link #raw} for decisions on {@code cluster}, when it depends on it (a currency). */
  default String unit(ClusterView cluster) {
    return unit();
  }

  /** Whether smaller raw values are better (latencies, costs). */
  boolean lowerIsBetter();

  /** Whether smaller raw values are better for {@code job}, when a job's policy can choose. */
  default boolean lowerIsBetter(SchedulingRequest job) {
    return lowerIsBetter();
  }

  /** This scorer for one job, with per-job values computed once. */
  NodeScore prepare(SchedulingRequest job, ClusterView cluster);

  /** The node's value for the job. Only called for nodes that passed every filter. */
  default double raw(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    return prepare(job, cluster).raw(node);
  }

  /**
   * Raw values of the nodes at {@code positions[0 .. count - 1]} of {@code nodes} (ascending, in
   * locality order) into {@code out}, the same values as {@link #prepare}'s function gives. The
   * scheduler scores a decision's feasible nodes with one call; a scorer can answer from the
   * columns without reading node objects.
   */
  default void rawAll(
      SchedulingRequest job,
      ClusterView cluster,
      NodeColumns nodes,
      int[] positions,
      int count,
      double[] out) {
    NodeScore score = prepare(job, cluster);
    for (int i = 0; i < count; i++) {
      out[i] = score.raw(nodes.node(positions[i]));
    }
  }

  /** One scorer prepared for one job. */
  @FunctionalInterface
  interface NodeScore {
    double raw(NodeSnapshot node);
  }
}
