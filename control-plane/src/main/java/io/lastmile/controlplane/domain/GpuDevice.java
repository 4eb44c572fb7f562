package io.lastmile.controlplane.domain;

/**
 * One GPU of a node.
 *
 * @param index the driver's index, as used in {@code CUDA_VISIBLE_DEVICES}
 * @param memoryUsedMiB memory in use by anything outside Lastmile's allocations
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
}
