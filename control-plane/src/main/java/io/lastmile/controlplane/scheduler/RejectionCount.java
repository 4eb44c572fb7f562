package io.lastmile.controlplane.scheduler;

/**
 * How many nodes a reason rejected, and the rejection that came closest to passing (so the
 * explanation shows what would have to change).
 */
public record RejectionCount(RejectReason reason, int nodes, Rejection closest) {

  /** For example "round trip from de-fra 182 ms over bound 50 ms (3 nodes, closest shown)". */
  public String describe() {
    String suffix = nodes == 1 ? " (1 node)" : " (" + nodes + " nodes, closest shown)";
    return closest.describe() + suffix;
  }
}
