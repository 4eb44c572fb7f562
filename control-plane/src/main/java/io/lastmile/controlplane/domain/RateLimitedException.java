package io.lastmile.controlplane.domain;

import java.time.Duration;

/** A tenant submitted faster than its rate; {@link #retryAfter()} says when it may again. */
public final class RateLimitedException extends LastmileException {
  private final Duration retryAfter;

  public RateLimitedException(String tenant, double perSecond, Duration retryAfter) {
    super(
        Kind.RESOURCE_EXHAUSTED,
        "tenant %s submits faster than %s jobs a second; retry in %d ms"
            .formatted(tenant.isEmpty() ? "(none)" : tenant, perSecond, retryAfter.toMillis()));
    this.retryAfter = retryAfter;
  }

  @Override
  public Duration retryAfter() {
    return retryAfter;
  }
}
