package io.lastmile.controlplane.scheduler;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of scheduling one job against one {@link ClusterView}. */
public sealed interface Decision {

  /** Nodes looked at. */
  int nodesConsidered();

  /** One readable sentence. */
  String summary();

  /**
   * The job fits on {@code node} using {@code gpuIndices}; {@code top} holds the best candidates,
   * best first.
   */
  record Placed(
      NodeSnapshot node,
      List<Integer> gpuIndices,
      List<CandidateScore> top,
      int feasibleNodes,
      int nodesConsidered)
      implements Decision {

    public Placed {
      gpuIndices = List.copyOf(gpuIndices);
      top = List.copyOf(top);
    }

    @Override
    public String summary() {
      CandidateScore best = top.get(0);
      String parts =
          best.parts().stream()
              .map(c -> c.scorer() + " " + Rejection.number(round(c.raw())) + " " + c.unit())
              .collect(Collectors.joining(", "));
      return "placed on %s (%s), best of %d feasible out of %d nodes: %s"
          .formatted(best.nodeId(), best.region(), feasibleNodes, nodesConsidered, parts);
    }

    private static double round(double v) {
      return Math.round(v * 100) / 100.0;
    }
  }

  /** No node can host the job now; the rejections say why, most frequent first. */
  record Unschedulable(List<RejectionCount> rejections, int nodesConsidered) implements Decision {

    public Unschedulable {
      rejections = List.copyOf(rejections);
    }

    @Override
    public String summary() {
      if (nodesConsidered == 0) {
        return "0/0 nodes can host the job: no node is registered";
      }
      return "0/%d nodes can host the job: %s"
          .formatted(
              nodesConsidered,
              rejections.stream().map(RejectionCount::describe).collect(Collectors.joining("; ")));
    }
  }
}
