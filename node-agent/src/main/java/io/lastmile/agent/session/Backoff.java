package io.lastmile.agent.session;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Jittered exponential back-off ("full jitter"): each wait is uniform in [initial, cap] where the
 * cap doubles per failure up to {@code max}. Spreads thousands of agents reconnecting after a
 * control plane restart.
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;
  private int failures;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  public Duration next() {
    long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(failures, 20));
    failures++;
    long low = Math.min(initial.toMillis(), cap);
    return Duration.ofMillis(low + (cap > low ? random.nextLong(cap - low + 1) : 0));
  }

  /**
   * {@code wait}, but no longer than a sixth of {@code lease} while attempts run under it: a
   * control plane back from a restart must hear from the agent well before it takes the node for
   * lost and runs the agent's jobs elsewhere.
   */
  public static Duration withinLease(Duration wait, Duration lease, boolean attemptsRunning) {
    Duration cap = lease.dividedBy(6);
    return attemptsRunning && !lease.isZero() && wait.compareTo(cap) > 0 ? cap : wait;
  }

  public void reset() {
    failures = 0;
  }
}
