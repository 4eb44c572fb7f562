package io.lastmile.controlplane.scheduler.preempt;

import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.util.List;

/**
 * Stop {@code victims} on {@code node} (and re-queue their jobs), then bind the job to {@code
 * gpuIndices} there.
 *
 * @param node the node as it is now, before the victims stop
 */
public record PreemptionPlan(
    NodeSnapshot node, List<RunningAttempt> victims, List<Integer> gpuIndices, String summary) {

  public PreemptionPlan {
    victims = List.copyOf(victims);
    gpuIndices = List.copyOf(gpuIndices);
  }
}
