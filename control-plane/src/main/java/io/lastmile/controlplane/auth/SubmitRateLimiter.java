package io.lastmile.controlplane.auth;

import io.lastmile.controlplane.domain.RateLimitedException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per tenant for job submissions: each tenant may submit {@code burst} jobs at once
 * and {@code perSecond} jobs a second after that, so one tenant cannot flood the queue or the
 * database for the others.
 */
public final class SubmitRateLimiter {
  private final double perSecond;
  private final double burst;
  private final LongSupplier millis;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** No limit: development mode, where there are no tenants to keep apart. */
  public static SubmitRateLimiter unlimited() {
    return new SubmitRateLimiter(Double.MAX_VALUE, Integer.MAX_VALUE, System::currentTimeMillis);
  }

  /**
   * @param millis the current time in milliseconds, for example {@code System::currentTimeMillis}
   */
  public SubmitRateLimiter(double perSecond, int burst, LongSupplier millis) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException(
          "lastmile.auth.submit-rate.per-second: %s must be above 0".formatted(perSecond));
    }
    if (burst < 1) {
      throw new IllegalArgumentException(
          "lastmile.auth.submit-rate.burst: %d must be at least 1".formatted(burst));
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.millis = millis;
  }

  /**
   * Takes one submission from the tenant's bucket.
   *
   * @throws RateLimitedException with the wait until the next submission is allowed
   */
  public void acquire(String tenant) {
    if (perSecond == Double.MAX_VALUE) {
      return;
    }
    Duration wait = buckets.computeIfAbsent(tenant, t -> new Bucket()).take(nowSeconds());
    if (!wait.isZero()) {
      throw new RateLimitedException(tenant, perSecond, wait);
    }
  }

  private double nowSeconds() {
    return millis.getAsLong() / 1000.0;
  }

  private final class Bucket {
    private double tokens = burst;
    private double at = Double.NaN;

    synchronized Duration take(double now) {
      if (!Double.isNaN(at)) {
        tokens = Math.min(burst, tokens + (now - at) * perSecond);
      }
      at = now;
      if (tokens >= 1) {
        tokens -= 1;
        return Duration.ZERO;
      }
      return Duration.ofMillis((long) Math.ceil((1 - tokens) / perSecond * 1000));
    }
  }
}
