package io.lastmile.controlplane.store;

/**
 * A write was rejected because another control plane took the lead: this one holds a stale epoch
 * and must stop writing.
 */
public final class FencedException extends RuntimeException {
  public FencedException(String region, long mine, long current) {
    super(
        "control plane fenced in region %s: it holds epoch %d, the leader's is %d"
            .formatted(region, mine, current));
  }
}
