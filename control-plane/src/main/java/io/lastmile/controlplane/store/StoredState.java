package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.List;

/**
 * What the control plane needs to rebuild its memory after a restart.
 *
 * @param liveAttempts attempts that still hold their node's resources
 * @param maxAttemptEpoch highest epoch ever given to an attempt; 0 when none
 */
public record StoredState(
    List<Job> jobs, List<NodeInfo> nodes, List<Attempt> liveAttempts, long maxAttemptEpoch) {

  public static StoredState empty() {
    return new StoredState(List.of(), List.of(), List.of(), 0);
  }

  /** An attempt bound to a node, as stored. */
  public record Attempt(
      String attemptId,
      String jobId,
      String nodeId,
      long epoch,
      List<Integer> gpuIndices,
      int cpuMillis,
      long memoryMiB) {}
}
