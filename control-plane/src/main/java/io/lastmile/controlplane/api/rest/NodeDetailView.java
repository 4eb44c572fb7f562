package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A node with each of its GPUs, for the dashboard's node view; its running attempts are the jobs
 * {@code /api/v1/jobs/page?node=} lists.
 *
 * @param agentVersion the connected agent's version; empty when none is connected
 */
@RegisterForReflection
public record NodeDetailView(NodeView node, String agentVersion, List<Gpu> gpus) {

  /**
   * @param memoryUsedMiB memory in use at the last heartbeat
   * @param powerLimitW the GPU's power limit in watts; 0 when it reports none
   * @param held whether an attempt holds the GPU
   */
  @RegisterForReflection
  public record Gpu(
      int index,
      String model,
      long memoryTotalMiB,
      long memoryUsedMiB,
      double powerLimitW,
      boolean held) {}
}
