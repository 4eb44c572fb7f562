package io.lastmile.controlplane.domain;

/**
 * What a job needs on one node.
 *
 * @param gpuMemoryMiB free memory needed on each allocated GPU
 * @param gpuModel case-insensitive substring of the GPU's model name; empty for any
 */
public record ResourceRequest(
    int gpuCount, long gpuMemoryMiB, String gpuModel, int cpuMillis, long memoryMiB) {

  public static ResourceRequest gpus(int count, long memoryMiB) {
    return new ResourceRequest(count, memoryMiB, "", 0, 0);
  }

  public static ResourceRequest none() {
    return new ResourceRequest(0, 0, "", 0, 0);
  }
}
