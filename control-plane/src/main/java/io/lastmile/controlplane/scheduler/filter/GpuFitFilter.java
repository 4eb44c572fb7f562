package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.GpuPicker;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Enough free GPUs of the requested model, each with enough free memory. Without a model in the
 * request most nodes are decided from the node's precomputed free count and memory range alone.
 */
public final class GpuFitFilter implements Filter {

  @Override
  public String name() {
    return "gpu-fit";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    ResourceRequest want = job.spec().resources();
    if (want.gpuCount() == 0) {
      return NodeCheck.PASS;
    }
    return want.gpuModel().isEmpty() ? node -> anyModel(want, node) : new OfModel(want);
  }

  private static Rejection anyModel(ResourceRequest want, NodeSnapshot node) {
    int free = node.freeGpuCount();
    if (free < want.gpuCount()) {
      return Rejection.of(RejectReason.INSUFFICIENT_GPUS, free, want.gpuCount());
    }
    if (node.minFreeGpuMemoryMiB() >= want.gpuMemoryMiB()) {
      return null;
    }
    if (node.maxFreeGpuMemoryMiB() < want.gpuMemoryMiB()) {
      return memoryTooSmall(node.maxFreeGpuMemoryMiB(), want);
    }
    int fitting = 0;
    for (GpuDevice gpu : node.info().gpus()) {
      if (node.isFree(gpu) && gpu.memoryFreeMiB() >= want.gpuMemoryMiB()) {
        fitting++;
      }
    }
    return fitting >= want.gpuCount() ? null : memoryTooSmall(node.maxFreeGpuMemoryMiB(), want);
  }

  /**
   * The check for a job that names a model. Fleets repeat a handful of model names, so each name's
   * match is remembered for the decision instead of comparing strings for every GPU of every node.
   */
  private static final class OfModel implements NodeCheck {
    private final ResourceRequest want;
    private final Map<String, Boolean> matchByModel = new HashMap<>();

    OfModel(ResourceRequest want) {
      this.want = want;
    }

    @Override
    public Rejection check(NodeSnapshot node) {
      int free = node.freeGpuCount();
      if (free < want.gpuCount()) {
        return Rejection.of(RejectReason.INSUFFICIENT_GPUS, free, want.gpuCount());
      }
      int ofModel = 0;
      int fitting = 0;
      long best = 0;
      for (GpuDevice gpu : node.info().gpus()) {
        if (node.isFree(gpu) && matches(gpu)) {
          ofModel++;
          best = Math.max(best, gpu.memoryFreeMiB());
          if (gpu.memoryFreeMiB() >= want.gpuMemoryMiB()) {
            fitting++;
          }
        }
      }
      if (ofModel < want.gpuCount()) {
        return new Rejection(
            RejectReason.GPU_MODEL_MISMATCH, ofModel, want.gpuCount(), want.gpuModel());
      }
      return fitting >= want.gpuCount() ? null : memoryTooSmall(best, want);
    }

    private boolean matches(GpuDevice gpu) {
      return matchByModel.computeIfAbsent(gpu.model(), m -> GpuPicker.modelMatches(gpu, want));
    }
  }

  private static Rejection memoryTooSmall(long best, ResourceRequest want) {
    return Rejection.of(RejectReason.GPU_MEMORY_TOO_SMALL, best, want.gpuMemoryMiB());
  }
}
