package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.domain.Workload;
import java.time.Duration;
import java.util.List;

/**
 * An attempt bound to a node.
 *
 * @param gpuIndices driver indices of the GPUs the attempt may see
 * @param timeout wall-clock limit; null for none
 * @param keepOnDisconnect whether the agent keeps the attempt running when it loses the control
 *     plane (its job's {@code on_disconnect}); false: its lease stops it
 */
public record Assignment(
    String attemptId,
    String jobId,
    long epoch,
    Workload workload,
    List<Integer> gpuIndices,
    int cpuMillis,
    long memoryMiB,
    Duration timeout,
    boolean keepOnDisconnect) {

  public Assignment {
    gpuIndices = List.copyOf(gpuIndices);
  }

  /** An attempt that its agent's lease stops when the node loses the control plane. */
  public Assignment(
      String attemptId,
      String jobId,
      long epoch,
      Workload workload,
      List<Integer> gpuIndices,
      int cpuMillis,
      long memoryMiB,
      Duration timeout) {
    this(attemptId, jobId, epoch, workload, gpuIndices, cpuMillis, memoryMiB, timeout, false);
  }
}
