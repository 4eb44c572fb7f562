package io.lastmile.controlplane.api;

import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.RejectReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a job is pending, as one label value: the first rejection of its last decision (the one that
 * blocks it, ranked once by {@link
 * io.lastmile.controlplane.scheduler.RejectionCount#BLOCKING_FIRST} for ExplainJob, the CLI and the
 * dashboard alike), or a state of its own when it was not rejected.
 */
public final class PendingReasons {
  /** Not yet through a scheduling cycle. */
  static final String NOT_CONSIDERED = "NOT_CONSIDERED";

  /** A node fits, but the job waits for a cheaper hour (deferrable) or its node to be reachable. */
  static final String WAITING = "WAITING";

  /** No node is registered at all. */
  static final String NO_NODES = "NO_NODES";

  private PendingReasons() {}

  /** Every value {@link #of} returns, so that each has a series from the start. */
  static List<String> all() {
    List<String> out = new ArrayList<>();
    for (RejectReason r : RejectReason.values()) {
      out.add(r.name());
    }
    out.addAll(List.of(NOT_CONSIDERED, WAITING, NO_NODES));
    return out;
  }

  public static String of(Decision decision) {
    if (decision == null) {
      return NOT_CONSIDERED;
    }
    if (decision instanceof Decision.Unschedulable u) {
      return u.rejections().isEmpty() ? NO_NODES : u.rejections().get(0).reason().name();
    }
    return WAITING;
  }
}
