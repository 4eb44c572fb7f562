package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A node at the moment of a scheduling decision.
 *
 * @param allocatedGpus driver indices of GPUs held by attempts bound to this node
 * @param powerDrawW the node's GPU power draw at the last heartbeat
 */
public record NodeSnapshot(
    NodeInfo info,
    NodeCondition condition,
    Set<Integer> allocatedGpus,
    int usedCpuMillis,
    long usedMemoryMiB,
    double powerDrawW) {

  public NodeSnapshot {
    allocatedGpus = Set.copyOf(allocatedGpus);
  }

  public static NodeSnapshot idle(NodeInfo info) {
    return new NodeSnapshot(info, NodeCondition.READY, Set.of(), 0, 0, 0);
  }

  public String id() {
    return info.id();
  }

  /** GPUs not held by any attempt, in index order. */
  public List<GpuDevice> freeGpus() {
    List<GpuDevice> free = new ArrayList<>(info.gpus().size());
    for (GpuDevice gpu : info.gpus()) {
      if (!allocatedGpus.contains(gpu.index())) {
        free.add(gpu);
      }
    }
    return free;
  }

  public int freeCpuMillis() {
    return info.cpuMillis() - usedCpuMillis;
  }

  public long freeMemoryMiB() {
    return info.memoryMiB() - usedMemoryMiB;
  }
}
