package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A hard constraint: a node either can host a job or is rejected with a reason and numbers.
 *
 * <p>The one method to write is {@link #prepare}: a decision calls it once per job, then the
 * returned check once per node, so per-job work stays out of the node loop. A check must not
 * allocate when the node passes.
 *
 * <p>A filter whose verdict depends only on where a node is implements {@link LocalityFilter}; one
 * that can judge many nodes faster from the view's columns than node by node implements {@link
 * BatchFilter}. Both are optional: the scheduler falls back to this check, and a property test over
 * the standard chain checks that each fast path gives the same verdicts.
 */
public interface Filter {

  /** Stable name, used in configuration and metrics. */
  String name();

  /**
   * The check of {@code job} against one node, with per-job values computed once; {@link
   * NodeCheck#PASS} when the job asks nothing of this filter, so the scheduler can skip it.
   */
  NodeCheck prepare(SchedulingRequest job, ClusterView cluster);

  /** One filter prepared for one job. */
  @FunctionalInterface
  interface NodeCheck {
    /** Passes every node. */
    NodeCheck PASS = node -> null;

    /**
     * @return {@code null} when {@code node} passes, otherwise why not
     */
    Rejection check(NodeSnapshot node);
  }
}
