package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.RejectionTally;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A filter with a fast path over many nodes at once, read from the view's {@link NodeColumns}
 * without touching node objects. Optional: without it the scheduler runs {@link #prepare}'s check
 * node by node. The fast path must keep the same nodes and count the same rejections (reasons,
 * counts and the closest of each reason) as that check.
 */
public interface BatchFilter extends Filter {

  /**
   * This filter over many nodes at once; {@link BatchCheck#PASS} when the job asks nothing of it.
   */
  BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster);

  /** One filter prepared for one job, run over a batch of candidate positions. */
  @FunctionalInterface
  interface BatchCheck {
    /** Keeps every node. */
    BatchCheck PASS = (nodes, positions, count, tally) -> count;

    /**
     * Keeps the candidates that pass, in order, at the front of {@code positions}, and counts each
     * one that does not in {@code tally}.
     *
     * @param positions positions in {@code nodes} (locality order), ascending; the first {@code
     *     count} are the candidates
     * @return how many candidates passed
     */
    int keep(NodeColumns nodes, int[] positions, int count, RejectionTally tally);

    /**
     * Keeps {@code positions[from .. to - 1]} after the {@code kept} already kept (a no-op when
     * none was dropped before), and returns how many are kept then.
     */
    static int keepAll(int[] positions, int from, int to, int kept) {
      if (kept != from) {
        System.arraycopy(positions, from, positions, kept, to - from);
      }
      return kept + to - from;
    }
  }
}
