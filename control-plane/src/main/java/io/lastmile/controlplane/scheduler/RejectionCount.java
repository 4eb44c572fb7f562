package io.lastmile.controlplane.scheduler;

import java.util.Comparator;

/**
 * How many nodes a reason rejected, and the rejection that came closest to passing (so the
 * explanation shows what would have to change).
 */
public record RejectionCount(RejectReason reason, int nodes, Rejection closest) {

  /**
   * How a decision ranks its rejections, the one order every reader (ExplainJob, the CLI, the
   * dashboard, the pending-reason label) shows: the latest stage of the chain first, then the most
   * nodes, then reason order.
   */
  public static final Comparator<RejectionCount> BLOCKING_FIRST =
      Comparator.comparing((RejectionCount r) -> r.reason().stage())
          .reversed()
          .thenComparing(Comparator.comparingInt(RejectionCount::nodes).reversed())
          .thenComparing(RejectionCount::reason);

  /** For example "round trip from de-fra 182 ms over bound 50 ms (3 nodes, closest shown)". */
  public String describe() {
    String suffix = nodes == 1 ? " (1 node)" : " (" + nodes + " nodes, closest shown)";
    return closest.describe() + suffix;
  }
}
