package io.lastmile.controlplane.scheduler;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
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
              .map(c -> c.scorer() + " " + value(c.raw()) + " " + c.unit())
              .collect(Collectors.joining(", "));
      return "placed on %s (%s), best of %d feasible out of %d nodes: %s"
          .formatted(best.nodeId(), best.region(), feasibleNodes, nodesConsidered, parts);
    }

    /** Four significant digits: energy costs of short runs are fractions of a cent. */
    private static String value(double raw) {
      if (!Double.isFinite(raw)) {
        return "unknown";
      }
      return new BigDecimal(raw)
          .round(new MathContext(4, RoundingMode.HALF_EVEN))
          .stripTrailingZeros()
          .toPlainString();
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
