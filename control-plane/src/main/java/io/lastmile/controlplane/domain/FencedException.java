package io.lastmile.controlplane.domain;

import java.time.Duration;

/**
 * A write was rejected because another control plane took the lead: this one holds a stale epoch
 * and must stop writing.
 */
public final class FencedException extends LastmileException {
  public FencedException(String region, long mine, long current) {
    super(
        Kind.UNAVAILABLE,
        "control plane fenced in region %s: it holds epoch %d, the leader's is %d"
            .formatted(region, mine, current));
  }

  /** Epochs are for the operator's log; the client only needs to retry once the leader answers. */
  @Override
  public String clientMessage() {
    return StoreException.UNWRITABLE;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofSeconds(1);
  }
}
