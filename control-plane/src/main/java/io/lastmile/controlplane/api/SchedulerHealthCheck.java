package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.jobs.LoopProgress;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.jobs.StallLimits;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the scheduling side, with the numbers an operator looks at first. On the leader it
 * follows the scheduling loop: a leader whose loop has not finished a pass for {@code
 * lastmile.health.stall-unready-after} accepts jobs it does not place. Followers do not schedule,
 * and the leadership check speaks for them.
 */
@Readiness
@ApplicationScoped
public class SchedulerHealthCheck implements HealthCheck {
  @Inject ClusterState cluster;
  @Inject SchedulingQueue queue;
  @Inject SchedulingLoop loop;
  @Inject Leadership leadership;
  @Inject StallLimits limits;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder b =
        ready(loop.progress().reading(), leadership.isLeader(), limits.unreadyAfter());
    return b.withData("connectedAgents", cluster.connectedCount())
        .withData("pendingJobs", queue.size())
        .build();
  }

  /** The readiness answer for a loop read as {@code reading}, unready after {@code after}. */
  static HealthCheckResponseBuilder ready(
      LoopProgress.Reading reading, boolean leader, Duration after) {
    String problem = "";
    if (leader && reading.state() != LoopProgress.State.RUNNING) {
      problem = "this control plane leads but its scheduling loop is " + reading.state();
    } else if (leader && reading.stalledFor().compareTo(after) > 0) {
      problem = SchedulingLoopHealthCheck.stalled(reading, after);
    }
    return SchedulingLoopHealthCheck.describe(
        HealthCheckResponse.named("scheduler"), reading, problem);
  }
}
