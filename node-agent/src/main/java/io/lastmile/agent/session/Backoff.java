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

  public void reset() {
    failures = 0;
  }
}
