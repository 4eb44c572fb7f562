package io.lastmile.controlplane.energy;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Power a GPU draws while it runs a job: its reported power limit, or, when the agent reported
 * none, a configured default for its model (the first configured name contained in the model name,
 * case-insensitive), or a fallback.
 */
public final class GpuPowerModel {
  private final Map<String, Double> wattsByModel;
  private final double fallbackW;

  /**
   * @param wattsByModel model name fragment (for example "L4") to watts; checked in map order
   * @param fallbackW watts for a GPU of a model not in the map
   */
  public GpuPowerModel(Map<String, Double> wattsByModel, double fallbackW) {
    if (!(fallbackW > 0) || Double.isInfinite(fallbackW)) {
      throw new IllegalArgumentException("fallback GPU power must be > 0 W, got " + fallbackW);
    }
    Map<String, Double> byModel = new LinkedHashMap<>();
    wattsByModel.forEach(
        (model, watts) -> {
          if (!(watts > 0) || watts.isInfinite()) {
            throw new IllegalArgumentException(
                "GPU power for %s must be > 0 W, got %s".formatted(model, watts));
          }
          byModel.put(model.toLowerCase(Locale.ROOT), watts);
        });
    this.wattsByModel = byModel;
    this.fallbackW = fallbackW;
  }

  /** Typical board power of common inference GPUs; 300 W for anything else. */
  public static GpuPowerModel defaults() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("H200", 700.0);
    m.put("H100", 700.0);
    m.put("A100", 400.0);
    m.put("L40", 350.0);
    m.put("A10", 150.0);
    m.put("L4", 72.0);
    m.put("T4", 70.0);
    return new GpuPowerModel(m, 300);
  }

  public double watts(GpuDevice gpu) {
    if (gpu.powerLimitW() > 0) {
      return gpu.powerLimitW();
    }
    String model = gpu.model().toLowerCase(Locale.ROOT);
    for (Map.Entry<String, Double> e : wattsByModel.entrySet()) {
      if (model.contains(e.getKey())) {
        return e.getValue();
      }
    }
    return fallbackW;
  }

  /**
   * {@link #perGpuW(NodeInfo)} for a node whose largest reported power limit is known: when every
   * GPU reports one, that is the answer without looking at the GPUs again.
   */
  public double perGpuW(NodeInfo node, double maxReportedW, boolean everyGpuReports) {
    return everyGpuReports ? maxReportedW : perGpuW(node);
  }

  /**
   * Power per allocated GPU on {@code node}: the largest of its GPUs, so an estimate never
   * undercounts on a node that mixes models. The fallback when the node has no GPU.
   */
  public double perGpuW(NodeInfo node) {
    double max = 0;
    for (GpuDevice gpu : node.gpus()) {
      max = Math.max(max, watts(gpu));
    }
    return max > 0 ? max : fallbackW;
  }
}
