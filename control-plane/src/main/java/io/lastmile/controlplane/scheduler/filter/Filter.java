package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/** A hard constraint: a node either can host a job or is rejected with a reason and numbers. */
public interface Filter {

  /** Stable name, used in configuration and metrics. */
  String name();

  /**
   * @return {@code null} when {@code node} passes, otherwise why it cannot host {@code job}
   */
  Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster);
}
