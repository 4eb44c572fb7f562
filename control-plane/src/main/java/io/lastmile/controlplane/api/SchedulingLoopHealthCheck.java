package io.lastmile.controlplane.api;

import io.lastmile.controlplane.jobs.LoopProgress;
import io.lastmile.controlplane.jobs.SchedulingLoop;
import io.lastmile.controlplane.jobs.StallLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Liveness of the scheduling loop: down when its thread has died, or when it has gone {@code
 * lastmile.health.stall-restart-after} without finishing a pass (stuck on a lock, or in a pass that
 * never ends). Restarting is then the cure: a new process recovers everything from the store. A
 * follower's loop has not started and is no reason to restart it.
 */
@Liveness
@ApplicationScoped
public class SchedulingLoopHealthCheck implements HealthCheck {
  @Inject SchedulingLoop loop;
  @Inject StallLimits limits;

  @Override
  public HealthCheckResponse call() {
    return live(loop.progress().reading(), limits.restartAfter());
  }

  /**
   * The liveness answer for {@code reading}, stuck once it stalls for longer than {@code after}.
   */
  static HealthCheckResponse live(LoopProgress.Reading reading, Duration after) {
    String problem = "";
    if (reading.state() == LoopProgress.State.DIED) {
      problem = "the scheduling thread has died; see the control plane's log";
    } else if (reading.stalledFor().compareTo(after) > 0) {
      problem = stalled(reading, after);
    }
    return describe(HealthCheckResponse.named("scheduling-loop"), reading, problem).build();
  }

  /** Why a loop that stalled for longer than {@code after} counts as stuck. */
  static String stalled(LoopProgress.Reading reading, Duration after) {
    return "no scheduling pass has finished for %d s (limit %d s)"
        .formatted(reading.stalledFor().toSeconds(), after.toSeconds());
  }

  /** Adds the loop's numbers to {@code b}, down with {@code problem} unless it is empty. */
  static HealthCheckResponseBuilder describe(
      HealthCheckResponseBuilder b, LoopProgress.Reading reading, String problem) {
    b.status(problem.isEmpty())
        .withData("loop", reading.state().name().toLowerCase(Locale.ROOT))
        .withData("passes", reading.passes());
    if (reading.sinceLastPass() != null) {
      b.withData("lastPassEndedMsAgo", reading.sinceLastPass().toMillis());
    }
    if (reading.currentPass() != null) {
      b.withData("currentPassMs", reading.currentPass().toMillis());
    }
    if (reading.failedInARow() > 0) {
      b.withData("failedPassesInARow", reading.failedInARow());
    }
    if (!problem.isEmpty()) {
      b.withData("problem", problem);
    }
    return b;
  }
}
