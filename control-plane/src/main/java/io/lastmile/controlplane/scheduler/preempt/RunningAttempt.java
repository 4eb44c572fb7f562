package io.lastmile.controlplane.scheduler.preempt;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Instant;
import java.util.List;

/**
 * An attempt bound to a node, as preemption sees it.
 *
 * @param gpuIndices driver indices of the GPUs it holds
 * @param startedAt when it was bound; the youngest loses the least work when stopped
 */
public record RunningAttempt(
    String attemptId,
    String jobId,
    String nodeId,
    List<Integer> gpuIndices,
    JobClass jobClass,
    int priority,
    Instant startedAt,
    int cpuMillis,
    long memoryMiB) {

  public RunningAttempt {
    gpuIndices = List.copyOf(gpuIndices);
  }

  /** An attempt holding GPUs only. */
  public static RunningAttempt onGpus(
      String attemptId,
      String jobId,
      String nodeId,
      List<Integer> gpuIndices,
      JobClass jobClass,
      int priority,
      Instant startedAt) {
    return new RunningAttempt(
        attemptId, jobId, nodeId, gpuIndices, jobClass, priority, startedAt, 0, 0);
  }
}
