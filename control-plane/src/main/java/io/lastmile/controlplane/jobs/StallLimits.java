package io.lastmile.controlplane.jobs;

import java.time.Duration;

/**
 * How long the scheduling loop may go without finishing a pass: after {@code unreadyAfter} the
 * leader reports not ready, after {@code restartAfter} not live ({@code lastmile.health.*}).
 */
public record StallLimits(Duration unreadyAfter, Duration restartAfter) {
  /** Refuses limits that would restart the process before it reports unready. */
  public StallLimits {
    if (unreadyAfter.isNegative() || unreadyAfter.isZero()) {
      throw new IllegalArgumentException(
          "lastmile.health.stall-unready-after: must be positive, got " + unreadyAfter);
    }
    if (restartAfter.compareTo(unreadyAfter) < 0) {
      throw new IllegalArgumentException(
          ("lastmile.health.stall-restart-after: %s must be at least"
                  + " lastmile.health.stall-unready-after (%s)")
              .formatted(restartAfter, unreadyAfter));
    }
  }
}
