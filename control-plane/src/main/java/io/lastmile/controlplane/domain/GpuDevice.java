package io.lastmile.controlplane.domain;

/**
 * One GPU of a node.
 *
 * @param index the driver's index, as used in {@code CUDA_VISIBLE_DEVICES}
 * @param memoryUsedMiB memory in use, as registered and then as the last heartbeat measured it
 */
public record GpuDevice(
    int index,
    String uuid,
    String model,
    long memoryTotalMiB,
    long memoryUsedMiB,
    double powerLimitW) {

  public long memoryFreeMiB() {
    return Math.max(0, memoryTotalMiB - memoryUsedMiB);
  }

  public GpuDevice withMemoryUsed(long usedMiB) {
    return new GpuDevice(index, uuid, model, memoryTotalMiB, usedMiB, powerLimitW);
  }
}
