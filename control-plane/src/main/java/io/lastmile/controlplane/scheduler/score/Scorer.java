package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A soft preference among feasible nodes, measured in a natural unit (ms, currency, a fraction).
 * The scheduler normalises raw values over the feasible set to [0, 1], 1 best, and weights them.
 */
public interface Scorer {

  /** Stable name, used for weights in configuration and in explanations. */
  String name();

  /** Unit of {@link #raw}, shown in explanations. */
  String unit();

  /** Whether smaller raw values are better (latencies, costs). */
  boolean lowerIsBetter();

  /** The node's value for the job. Only called for nodes that passed every filter. */
  double raw(SchedulingRequest job, NodeSnapshot node, ClusterView cluster);
}
