package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionTally;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * A hard constraint: a node either can host a job or is rejected with a reason and numbers.
 *
 * <p>A decision calls {@link #prepare} once per job, then the returned check once per node (or once
 * per locality, for {@link Scope#LOCALITY} filters), so per-job work stays out of the node loop. A
 * check must not allocate when the node passes.
 *
 * <p>Node filters are run by the scheduler through {@link #prepareBatch}: one call per decision
 * over every candidate still standing, which a filter can answer from the view's {@link
 * NodeColumns} without reading node objects. By default it runs the {@link NodeCheck} per node;
 * both must give the same verdicts.
 */
public interface Filter {

  /** What a filter's verdict depends on besides the job. */
  enum Scope {
    /** Only the node's region, jurisdiction and market zone: judged once per locality. */
    LOCALITY,
    /** Anything about the node. */
    NODE
  }

  /** Stable name, used in configuration and metrics. */
  String name();

  default Scope scope() {
    return Scope.NODE;
  }

  /**
   * The check of {@code job} against one node, with per-job values computed once; {@link
   * NodeCheck#PASS} when the job asks nothing of this filter, so the scheduler can skip it.
   */
  NodeCheck prepare(SchedulingRequest job, ClusterView cluster);

  /**
   * @return {@code null} when {@code node} passes, otherwise why it cannot host {@code job}
   */
  default Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    return prepare(job, cluster).check(node);
  }

  /**
   * This filter over many nodes at once; {@link BatchCheck#PASS} when the job asks nothing of it.
   */
  default BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    NodeCheck check = prepare(job, cluster);
    return check == NodeCheck.PASS ? BatchCheck.PASS : BatchCheck.each(check);
  }

  /**
   * A {@link Scope#LOCALITY} filter over the localities of {@code cluster}'s {@link NodeColumns}
   * ({@link NodeColumns#locality}); {@link LocalityCheck#PASS} when the job asks nothing of it. By
   * default the node check on a node of the locality; both must give the same verdicts.
   */
  default LocalityCheck prepareLocalities(SchedulingRequest job, ClusterView cluster) {
    NodeCheck check = prepare(job, cluster);
    return check == NodeCheck.PASS ? LocalityCheck.PASS : (locality, node) -> check.check(node);
  }

  /** One locality filter prepared for one job. */
  @FunctionalInterface
  interface LocalityCheck {
    /** Passes every locality. */
    LocalityCheck PASS = (locality, node) -> null;

    /**
     * @param locality index of the locality in the view's columns
     * @param node any node of that locality
     * @return {@code null} when the locality passes, otherwise why not
     */
    Rejection check(int locality, NodeSnapshot node);
  }

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

    /** Runs {@code check} on each candidate's node. */
    static BatchCheck each(NodeCheck check) {
      return (nodes, positions, count, tally) -> {
        int kept = 0;
        for (int j = 0; j < count; j++) {
          int k = positions[j];
          Rejection r = check.check(nodes.node(k));
          if (r == null) {
            positions[kept++] = k;
          } else {
            tally.add(r, 1, k);
          }
        }
        return kept;
      };
    }
  }

  /** One filter prepared for one job. */
  @FunctionalInterface
  interface NodeCheck {
    /** Passes every node. */
    NodeCheck PASS = node -> null;

    /**
     * @return {@code null} when {@code node} passes, otherwise why not
     */
    Rejection check(NodeSnapshot node);
  }
}
