package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.ResourceRequest;
import java.util.ArrayList;
import java.util.List;

/** Chooses which free GPUs of a node an attempt gets. */
public final class GpuPicker {
  private GpuPicker() {}

  /**
   * The lowest-indexed free GPUs that match the request, or an empty list when there are not
   * enough. Lowest index first keeps allocations compact, which leaves whole GPUs free for larger
   * jobs.
   */
  public static List<Integer> pick(NodeSnapshot node, ResourceRequest want) {
    List<Integer> chosen = new ArrayList<>(want.gpuCount());
    for (GpuDevice gpu : node.info().gpus()) {
      if (chosen.size() == want.gpuCount()) {
        break;
      }
      if (node.isFree(gpu)
          && modelMatches(gpu, want)
          && gpu.memoryFreeMiB() >= want.gpuMemoryMiB()) {
        chosen.add(gpu.index());
      }
    }
    return chosen.size() == want.gpuCount() ? chosen : List.of();
  }

  /** Whether the GPU's model name contains the requested one, ignoring case; any when empty. */
  public static boolean modelMatches(GpuDevice gpu, ResourceRequest want) {
    return modelMatches(gpu.model(), want);
  }

  /** Whether {@code model} contains the requested one, ignoring case; any when empty. */
  public static boolean modelMatches(String model, ResourceRequest want) {
    String wanted = want.gpuModel();
    for (int i = 0; i + wanted.length() <= model.length(); i++) {
      if (model.regionMatches(true, i, wanted, 0, wanted.length())) {
        return true;
      }
    }
    return wanted.isEmpty();
  }
}
