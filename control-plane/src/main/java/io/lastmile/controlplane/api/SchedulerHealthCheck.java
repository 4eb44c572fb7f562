package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of the scheduling side, with the numbers an operator looks at first. */
@Readiness
@ApplicationScoped
public class SchedulerHealthCheck implements HealthCheck {
  @Inject ClusterState cluster;
  @Inject SchedulingQueue queue;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("scheduler")
        .up()
        .withData("connectedAgents", cluster.connectedCount())
        .withData("pendingJobs", queue.size())
        .build();
  }
}
