package io.lastmile.controlplane.domain;

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
}
