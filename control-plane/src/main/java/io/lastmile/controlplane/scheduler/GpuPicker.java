package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.ResourceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    for (GpuDevice gpu : node.freeGpus()) {
      if (chosen.size() == want.gpuCount()) {
        break;
      }
      if (modelMatches(gpu, want) && gpu.memoryFreeMiB() >= want.gpuMemoryMiB()) {
        chosen.add(gpu.index());
      }
    }
    return chosen.size() == want.gpuCount() ? chosen : List.of();
  }

  public static boolean modelMatches(GpuDevice gpu, ResourceRequest want) {
    return want.gpuModel().isEmpty()
        || gpu.model().toLowerCase(Locale.ROOT).contains(want.gpuModel().toLowerCase(Locale.ROOT));
  }
}
