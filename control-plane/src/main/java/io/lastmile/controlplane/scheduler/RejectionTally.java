package io.lastmile.controlplane.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Nodes rejected per reason during one decision, keeping for each reason the rejection closest to
 * passing (so the explanation shows what would have to change).
 */
final class RejectionTally {
  private final int[] counts = new int[RejectReason.values().length];
  private final Rejection[] closest = new Rejection[RejectReason.values().length];

  void add(Rejection r, int nodes) {
    int k = r.reason().ordinal();
    counts[k] += nodes;
    if (closest[k] == null || gap(r) < gap(closest[k])) {
      closest[k] = r;
    }
  }

  /** Most frequent reason first; equal counts in reason order. */
  List<RejectionCount> counts() {
    List<RejectionCount> out = new ArrayList<>();
    for (RejectReason reason : RejectReason.values()) {
      int k = reason.ordinal();
      if (counts[k] > 0) {
        out.add(new RejectionCount(reason, counts[k], closest[k]));
      }
    }
    out.sort(
        Comparator.comparingInt(RejectionCount::nodes)
            .reversed()
            .thenComparing(RejectionCount::reason));
    return out;
  }

  private static double gap(Rejection r) {
    return Math.abs(r.limit() - r.observed());
  }
}
