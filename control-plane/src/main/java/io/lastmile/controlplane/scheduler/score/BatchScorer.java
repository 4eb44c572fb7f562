package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A scorer with a fast path over a decision's feasible nodes at once, read from the view's {@link
 * NodeColumns}. Optional: without it the scheduler calls {@link #prepare}'s function node by node.
 */
public interface BatchScorer extends Scorer {

  /**
   * Raw values of the nodes at {@code positions[0 .. count - 1]} of {@code nodes} (ascending, in
   * locality order) into {@code out}: exactly the values {@link #prepare}'s function gives.
   */
  void rawAll(
      SchedulingRequest job,
      ClusterView cluster,
      NodeColumns nodes,
      int[] positions,
      int count,
      double[] out);
}
