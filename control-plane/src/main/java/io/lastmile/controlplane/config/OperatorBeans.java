package io.lastmile.controlplane.config;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The operator-facing pieces: node operations shared by the gRPC and REST adapters. */
@ApplicationScoped
public class OperatorBeans {

  @Produces
  @Singleton
  NodeOperations nodeOperations(ClusterState cluster, SchedulingQueue queue, SchedulingLoop loop) {
    return new NodeOperations(
        cluster,
        () -> {
          // Pending jobs backed off while the node was cordoned: look at them now.
          queue.clearBackoffs();
          loop.wake();
        });
  }
}
