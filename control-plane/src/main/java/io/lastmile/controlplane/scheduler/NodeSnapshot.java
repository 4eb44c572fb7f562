package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A node at the moment of a scheduling decision. A value class rather than a record because it
 * derives, once, what every decision asks of every node (free GPU count, the smallest and largest
 * free GPU memory), so filters answer without allocating or looping over GPUs.
 */
public final class NodeSnapshot {
  private final NodeInfo info;
  private final NodeCondition condition;
  private final Set<Integer> allocatedGpus;
  private final int usedCpuMillis;
  private final long usedMemoryMiB;
  private final double powerDrawW;
  private final int freeGpuCount;
  private final long minFreeGpuMemoryMiB;
  private final long maxFreeGpuMemoryMiB;
  private final double maxGpuPowerLimitW;
  private final int gpuCount;
  private final int freeCpuMillis;
  private final long freeMemoryMiB;
  private final double sitePowerCapKw;
  private final boolean everyGpuReportsPower;

  /**
   * @param allocatedGpus driver indices of GPUs held by attempts bound to this node
   * @param powerDrawW the node's GPU power draw at the last heartbeat
   */
  public NodeSnapshot(
      NodeInfo info,
      NodeCondition condition,
      Set<Integer> allocatedGpus,
      int usedCpuMillis,
      long usedMemoryMiB,
      double powerDrawW) {
    this.info = Objects.requireNonNull(info, "info");
    this.condition = Objects.requireNonNull(condition, "condition");
    this.allocatedGpus = Set.copyOf(allocatedGpus);
    this.usedCpuMillis = usedCpuMillis;
    this.usedMemoryMiB = usedMemoryMiB;
    this.powerDrawW = powerDrawW;
    int free = 0;
    long min = Long.MAX_VALUE;
    long max = 0;
    double maxPowerW = 0;
    boolean everyReports = true;
    for (GpuDevice gpu : info.gpus()) {
      maxPowerW = Math.max(maxPowerW, gpu.powerLimitW());
      everyReports &= gpu.powerLimitW() > 0;
      if (!this.allocatedGpus.contains(gpu.index())) {
        free++;
        min = Math.min(min, gpu.memoryFreeMiB());
        max = Math.max(max, gpu.memoryFreeMiB());
      }
    }
    this.freeGpuCount = free;
    this.minFreeGpuMemoryMiB = free == 0 ? 0 : min;
    this.maxFreeGpuMemoryMiB = max;
    this.maxGpuPowerLimitW = maxPowerW;
    this.everyGpuReportsPower = everyReports && !info.gpus().isEmpty();
    // Copied out of NodeInfo so that filtering a node reads this one object only.
    this.gpuCount = info.gpus().size();
    this.freeCpuMillis = info.cpuMillis() - usedCpuMillis;
    this.freeMemoryMiB = info.memoryMiB() - usedMemoryMiB;
    this.sitePowerCapKw = info.sitePowerCapKw();
  }

  public static NodeSnapshot idle(NodeInfo info) {
    return new NodeSnapshot(info, NodeCondition.READY, Set.of(), 0, 0, 0);
  }

  public NodeInfo info() {
    return info;
  }

  public NodeCondition condition() {
    return condition;
  }

  public Set<Integer> allocatedGpus() {
    return allocatedGpus;
  }

  public int usedCpuMillis() {
    return usedCpuMillis;
  }

  public long usedMemoryMiB() {
    return usedMemoryMiB;
  }

  public double powerDrawW() {
    return powerDrawW;
  }

  public String id() {
    return info.id();
  }

  public int freeGpuCount() {
    return freeGpuCount;
  }

  /**
   * GPUs a job could be placed on now, as the dashboard and the metrics count free GPUs: the
   * unallocated ones of a ready node, none on a node that is cordoned or not ready.
   */
  public int placeableGpuCount() {
    return condition == NodeCondition.READY ? freeGpuCount : 0;
  }

  /** Smallest free memory of any free GPU; 0 when none is free. */
  public long minFreeGpuMemoryMiB() {
    return minFreeGpuMemoryMiB;
  }

  /** Largest free memory of any free GPU; 0 when none is free. */
  public long maxFreeGpuMemoryMiB() {
    return maxFreeGpuMemoryMiB;
  }

  public int gpuCount() {
    return gpuCount;
  }

  /** The site's power cap in kW; 0 for none. */
  public double sitePowerCapKw() {
    return sitePowerCapKw;
  }

  /** Largest power limit any of the node's GPUs reports; 0 when none does. */
  public double maxGpuPowerLimitW() {
    return maxGpuPowerLimitW;
  }

  /** Whether every GPU reports a power limit, so no configured default is needed. */
  public boolean everyGpuReportsPower() {
    return everyGpuReportsPower;
  }

  public boolean isFree(GpuDevice gpu) {
    return !allocatedGpus.contains(gpu.index());
  }

  public int freeCpuMillis() {
    return freeCpuMillis;
  }

  public long freeMemoryMiB() {
    return freeMemoryMiB;
  }

  /** This node once an attempt holding {@code gpuIndices}, CPU and memory is bound to it. */
  public NodeSnapshot withAllocation(Collection<Integer> gpuIndices, int cpuMillis, long memMiB) {
    Set<Integer> gpus = new HashSet<>(allocatedGpus);
    gpus.addAll(gpuIndices);
    return new NodeSnapshot(
        info, condition, gpus, usedCpuMillis + cpuMillis, usedMemoryMiB + memMiB, powerDrawW);
  }

  /**
   * This node once an attempt holding {@code gpuIndices}, CPU and memory has stopped, drawing
   * {@code powerW} less.
   */
  public NodeSnapshot withRelease(
      Collection<Integer> gpuIndices, int cpuMillis, long memMiB, double powerW) {
    Set<Integer> gpus = new HashSet<>(allocatedGpus);
    gpus.removeAll(gpuIndices);
    return new NodeSnapshot(
        info,
        condition,
        gpus,
        Math.max(0, usedCpuMillis - cpuMillis),
        Math.max(0, usedMemoryMiB - memMiB),
        Math.max(0, powerDrawW - powerW));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeSnapshot n
        && info.equals(n.info)
        && condition == n.condition
        && allocatedGpus.equals(n.allocatedGpus)
        && usedCpuMillis == n.usedCpuMillis
        && usedMemoryMiB == n.usedMemoryMiB
        && Double.compare(powerDrawW, n.powerDrawW) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(info, condition, allocatedGpus, usedCpuMillis, usedMemoryMiB, powerDrawW);
  }

  @Override
  public String toString() {
    return "NodeSnapshot[id=%s, condition=%s, allocatedGpus=%s, usedCpuMillis=%d, usedMemoryMiB=%d, powerDrawW=%s]"
        .formatted(id(), condition, allocatedGpus, usedCpuMillis, usedMemoryMiB, powerDrawW);
  }
}
