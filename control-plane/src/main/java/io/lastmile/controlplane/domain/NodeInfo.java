package io.lastmile.controlplane.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a node's agent declared when it registered.
 *
 * @param pue the site's power usage effectiveness, at least 1
 * @param simulated whether the GPU inventory is a declared simulation rather than discovered
 * @param sitePowerCapKw the site's power cap; 0 for none
 */
public record NodeInfo(
    String id,
    String region,
    String jurisdiction,
    String marketZone,
    double pue,
    Map<String, String> labels,
    List<GpuDevice> gpus,
    int cpuMillis,
    long memoryMiB,
    boolean simulated,
    double sitePowerCapKw) {

  public NodeInfo {
    labels = Map.copyOf(labels);
    gpus = List.copyOf(gpus);
  }

  /**
   * This node with the GPUs' memory in use as measured ({@code usedMiB} by driver index); itself
   * when nothing changes. Indices it does not know are ignored.
   */
  public NodeInfo withGpuMemoryUsed(Map<Integer, Long> usedMiB) {
    List<GpuDevice> measured = null;
    for (int i = 0; i < gpus.size(); i++) {
      GpuDevice gpu = gpus.get(i);
      Long used = usedMiB.get(gpu.index());
      if (used != null && used != gpu.memoryUsedMiB()) {
        if (measured == null) {
          measured = new ArrayList<>(gpus);
        }
        measured.set(i, gpu.withMemoryUsed(used));
      }
    }
    return measured == null
        ? this
        : new NodeInfo(
            id,
            region,
            jurisdiction,
            marketZone,
            pue,
            labels,
            measured,
            cpuMillis,
            memoryMiB,
            simulated,
            sitePowerCapKw);
  }
}
