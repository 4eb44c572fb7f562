package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.domain.Workload;
import java.time.Duration;
import java.util.List;

/**
 * An attempt bound to a node.
 *
 * @param gpuIndices driver indices of the GPUs the attempt may see
 * @param timeout wall-clock limit; null for none
 */
public record Assignment(
    String attemptId,
    String jobId,
    long epoch,
    Workload workload,
    List<Integer> gpuIndices,
    int cpuMillis,
    long memoryMiB,
    Duration timeout) {

  public Assignment {
    gpuIndices = List.copyOf(gpuIndices);
  }
}
