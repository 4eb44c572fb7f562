package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionTally;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/** Only ready, uncordoned nodes take new work. */
public final class ReadinessFilter implements BatchFilter {
  private static final Rejection NOT_READY = Rejection.of(RejectReason.NODE_NOT_READY);
  private static final Rejection CORDONED = Rejection.of(RejectReason.NODE_CORDONED);
  private static final NodeCheck CHECK = ReadinessFilter::check;

  @Override
  public String name() {
    return "readiness";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    return CHECK;
  }

  @Override
  public BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    return ReadinessFilter::keepReady;
  }

  /** Keeps the candidates of chunks whose nodes are all ready without reading them. */
  private static int keepReady(
      NodeColumns nodes, int[] positions, int count, RejectionTally tally) {
    int kept = 0;
    int j = 0;
    while (j < count) {
      int k = positions[j];
      if (nodes.chunkAllReady(k)) {
        int end = nodes.chunkRunEnd(positions, j, count);
        kept = BatchCheck.keepAll(positions, j, end, kept);
        j = end;
        continue;
      }
      if (nodes.isReady(k)) {
        positions[kept++] = k;
      } else {
        tally.add(nodes.condition(k) == NodeCondition.NOT_READY ? NOT_READY : CORDONED, 1, k);
      }
      j++;
    }
    return kept;
  }

  private static Rejection check(NodeSnapshot node) {
    return switch (node.condition()) {
      case READY -> null;
      case NOT_READY -> NOT_READY;
      case CORDONED -> CORDONED;
    };
  }
}
