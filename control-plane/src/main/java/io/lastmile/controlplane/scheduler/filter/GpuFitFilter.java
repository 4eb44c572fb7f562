package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.GpuPicker;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.List;

/** Enough free GPUs of the requested model, each with enough free memory. */
public final class GpuFitFilter implements Filter {

  @Override
  public String name() {
    return "gpu-fit";
  }

  @Override
  public Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    ResourceRequest want = job.spec().resources();
    if (want.gpuCount() == 0) {
      return null;
    }
    List<GpuDevice> free = node.freeGpus();
    if (free.size() < want.gpuCount()) {
      return Rejection.of(RejectReason.INSUFFICIENT_GPUS, free.size(), want.gpuCount());
    }
    List<GpuDevice> ofModel = free.stream().filter(g -> GpuPicker.modelMatches(g, want)).toList();
    if (ofModel.size() < want.gpuCount()) {
      return new Rejection(
          RejectReason.GPU_MODEL_MISMATCH, ofModel.size(), want.gpuCount(), want.gpuModel());
    }
    long fitting = ofModel.stream().filter(g -> g.memoryFreeMiB() >= want.gpuMemoryMiB()).count();
    if (fitting < want.gpuCount()) {
      long best = ofModel.stream().mapToLong(GpuDevice::memoryFreeMiB).max().orElse(0);
      return Rejection.of(RejectReason.GPU_MEMORY_TOO_SMALL, best, want.gpuMemoryMiB());
    }
    return null;
  }
}
