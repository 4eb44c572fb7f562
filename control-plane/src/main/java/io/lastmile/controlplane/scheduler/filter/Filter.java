package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A hard constraint: a node either can host a job or is rejected with a reason and numbers.
 *
 * <p>A decision calls {@link #prepare} once per job, then the returned check once per node (or once
 * per locality, for {@link Scope#LOCALITY} filters), so per-job work stays out of the node loop. A
 * check must not allocate when the node passes.
 */
public interface Filter {

  /** What a filter's verdict depends on besides the job. */
  enum Scope {
    /** Only the node's region, jurisdiction and market zone: judged once per locality. */
    LOCALITY,
    /** Anything about the node. */
    NODE
  }

  /** Stable name, used in configuration and metrics. */
  String name();

  default Scope scope() {
    return Scope.NODE;
  }

  /**
   * The check of {@code job} against one node, with per-job values computed once; {@link
   * NodeCheck#PASS} when the job asks nothing of this filter, so the scheduler can skip it.
   */
  NodeCheck prepare(SchedulingRequest job, ClusterView cluster);

  /**
   * @return {@code null} when {@code node} passes, otherwise why it cannot host {@code job}
   */
  default Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    return prepare(job, cluster).check(node);
  }

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
