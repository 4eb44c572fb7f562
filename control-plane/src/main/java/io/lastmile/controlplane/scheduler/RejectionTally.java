package io.lastmile.controlplane.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Nodes rejected per reason during one decision, keeping for each reason the rejection closest to
 * passing (so the explanation shows what would have to change); of equally close ones, the one met
 * first in locality order. Keeps numbers, not objects: a {@link Rejection} is made only for the
 * closest of each reason, when the explanation is built.
 */
public final class RejectionTally {
  private static final int REASONS = RejectReason.values().length;

  private final int[] counts = new int[REASONS];
  private final double[] gap = new double[REASONS];
  private final double[] observed = new double[REASONS];
  private final double[] limit = new double[REASONS];
  private final String[] subject = new String[REASONS];
  private final int[] position = new int[REASONS];

  /**
   * Counts {@code nodes} rejected for the same reason, the first of them at {@code position} in
   * locality order (see {@link NodeColumns}).
   */
  public void add(Rejection r, int nodes, int position) {
    add(r.reason(), r.observed(), r.limit(), r.subject(), nodes, position);
  }

  /** Counts one node rejected at {@code position}, without making a {@link Rejection}. */
  public void add(RejectReason reason, double observed, double limit, int position) {
    add(reason, observed, limit, "", 1, position);
  }

  public void add(
      RejectReason reason, double observed, double limit, String subject, int nodes, int position) {
    int k = reason.ordinal();
    double g = Math.abs(limit - observed);
    boolean first = counts[k] == 0;
    counts[k] += nodes;
    if (first || g < gap[k] || (g == gap[k] && position < this.position[k])) {
      gap[k] = g;
      this.observed[k] = observed;
      this.limit[k] = limit;
      this.subject[k] = subject;
      this.position[k] = position;
    }
  }

  /**
   * Rejections for one reason met in one pass over candidates in ascending position, counted in
   * local fields and added to a tally once at the end ({@link #addTo}): the same counts and closest
   * rejection as adding each node to the tally, for less work per rejected node.
   */
  public static final class Pass {
    private final RejectReason reason;
    private int nodes;
    private double gap;
    private double observed;
    private double limit;
    private int position;

    public Pass(RejectReason reason) {
      this.reason = reason;
    }

    /** Counts one node rejected at {@code position}, after every position counted before. */
    public void add(double observed, double limit, int position) {
      double g = Math.abs(limit - observed);
      if (nodes++ == 0 || g < gap) {
        gap = g;
        this.observed = observed;
        this.limit = limit;
        this.position = position;
      }
    }

    public void addTo(RejectionTally tally) {
      if (nodes > 0) {
        tally.add(reason, observed, limit, "", nodes, position);
      }
    }
  }

  /**
   * The reason of the nodes that came furthest through the chain first (see {@link
   * RejectReason.Stage}); within a stage the most frequent first, equal counts in reason order.
   */
  List<RejectionCount> counts() {
    List<RejectionCount> out = new ArrayList<>();
    for (RejectReason reason : RejectReason.values()) {
      int k = reason.ordinal();
      if (counts[k] > 0) {
        Rejection closest = new Rejection(reason, observed[k], limit[k], subject[k]);
        out.add(new RejectionCount(reason, counts[k], closest));
      }
    }
    out.sort(RejectionCount.BLOCKING_FIRST);
    return out;
  }
}
