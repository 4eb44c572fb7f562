package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.GpuPicker;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionTally;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.HashMap;
import java.util.Map;

/**
 * Enough free GPUs of the requested model, each with enough free memory. Without a model in the
 * request most nodes are decided from the node's precomputed free count and memory range alone.
 */
public final class GpuFitFilter implements BatchFilter {

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

  /**
   * Decides from the columns the nodes with too few free GPUs, and the nodes of a single GPU model
   * whose free GPUs all have enough memory or none has; asks the node check about the rest. Without
   * a model in the request, keeps a run of candidates of a chunk where every free GPU has enough
   * memory without reading them.
   */
  @Override
  public BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    ResourceRequest want = job.spec().resources();
    if (want.gpuCount() == 0) {
      return BatchCheck.PASS;
    }
    NodeCheck full = prepare(job, cluster);
    boolean anyModel = want.gpuModel().isEmpty();
    return (nodes, positions, count, tally) ->
        keep(want, anyModel, full, nodes, positions, count, tally);
  }

  private static int keep(
      ResourceRequest want,
      boolean anyModel,
      NodeCheck full,
      NodeColumns nodes,
      int[] positions,
      int count,
      RejectionTally tally) {
    int gpus = want.gpuCount();
    long memory = want.gpuMemoryMiB();
    byte[] modelMatch = anyModel ? null : new byte[nodes.gpuModels()];
    RejectionTally.Pass tooSmall = new RejectionTally.Pass(RejectReason.GPU_MEMORY_TOO_SMALL);
    int enough = keepEnoughFree(gpus, nodes, positions, count, tally);
    int kept = 0;
    int j = 0;
    while (j < enough) {
      int k = positions[j];
      if (anyModel && nodes.chunkLeastFreeGpuMemoryMiB(k) >= memory) {
        int end = nodes.chunkRunEnd(positions, j, enough);
        kept = BatchCheck.keepAll(positions, j, end, kept);
        j = end;
        continue;
      }
      if (fits(want, modelMatch, full, nodes, k, tooSmall, tally)) {
        positions[kept++] = k;
      }
      j++;
    }
    tooSmall.addTo(tally);
    return kept;
  }

  /**
   * Whether the node at {@code k}, with enough free GPUs, has enough of the model ({@code
   * modelMatch} null when any will do) with enough memory; counts it when not.
   */
  private static boolean fits(
      ResourceRequest want,
      byte[] modelMatch,
      NodeCheck full,
      NodeColumns nodes,
      int k,
      RejectionTally.Pass tooSmall,
      RejectionTally tally) {
    long memory = want.gpuMemoryMiB();
    boolean decided = true;
    if (modelMatch != null) {
      int h = nodes.hardware(k);
      decided = nodes.modelIdOf(h) >= 0;
      if (decided && !matches(modelMatch, h, nodes, want)) {
        tally.add(RejectReason.GPU_MODEL_MISMATCH, 0, want.gpuCount(), want.gpuModel(), 1, k);
        return false;
      }
    }
    MemoryRange range =
        decided
            ? MemoryRange.of(nodes.minFreeGpuMemoryMiB(k), nodes.maxFreeGpuMemoryMiB(k), memory)
            : MemoryRange.ASK_EACH_GPU;
    if (range == MemoryRange.ALL_FIT) {
      return true;
    }
    if (range == MemoryRange.NONE_FITS) {
      tooSmall.add(nodes.maxFreeGpuMemoryMiB(k), memory, k);
      return false;
    }
    Rejection r = full.check(nodes.node(k));
    if (r != null) {
      tally.add(r, 1, k);
    }
    return r == null;
  }

  /**
   * Keeps the candidates with at least {@code gpus} free GPUs and counts the others, without a
   * branch per node on the outcome: the closest of them is the first with the most free GPUs.
   */
  private static int keepEnoughFree(
      int gpus, NodeColumns nodes, int[] positions, int count, RejectionTally tally) {
    int kept = 0;
    int closestFree = -1;
    int closest = -1;
    for (int j = 0; j < count; j++) {
      int k = positions[j];
      int free = nodes.freeGpuCount(k);
      positions[kept] = k;
      kept += free >= gpus ? 1 : 0;
      int rejectedFree = free < gpus ? free : -1;
      if (rejectedFree > closestFree) {
        closestFree = rejectedFree;
        closest = k;
      }
    }
    if (kept < count) {
      tally.add(RejectReason.INSUFFICIENT_GPUS, closestFree, gpus, "", count - kept, closest);
    }
    return kept;
  }

  /**
   * Whether the single model of hardware profile {@code h} matches the request, judged once per
   * model and decision ({@code known}: 0 not yet, 1 matches, 2 does not).
   */
  private static boolean matches(byte[] known, int h, NodeColumns nodes, ResourceRequest want) {
    int m = nodes.modelIdOf(h);
    if (known[m] == 0) {
      known[m] = GpuPicker.modelMatches(nodes.modelOf(h), want) ? (byte) 1 : (byte) 2;
    }
    return known[m] == 1;
  }

  private static Rejection anyModel(ResourceRequest want, NodeSnapshot node) {
    int free = node.freeGpuCount();
    if (free < want.gpuCount()) {
      return Rejection.of(RejectReason.INSUFFICIENT_GPUS, free, want.gpuCount());
    }
    MemoryRange range =
        MemoryRange.of(node.minFreeGpuMemoryMiB(), node.maxFreeGpuMemoryMiB(), want.gpuMemoryMiB());
    if (range == MemoryRange.ALL_FIT) {
      return null;
    }
    if (range == MemoryRange.NONE_FITS) {
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

  /**
   * What a node's range of free memory over its free GPUs tells of a request for {@code wantMiB}
   * per GPU: the one rule of the node check and of the fast path over the columns.
   */
  private enum MemoryRange {
    ALL_FIT,
    NONE_FITS,
    ASK_EACH_GPU;

    static MemoryRange of(long minFreeMiB, long maxFreeMiB, long wantMiB) {
      if (minFreeMiB >= wantMiB) {
        return ALL_FIT;
      }
      return maxFreeMiB < wantMiB ? NONE_FITS : ASK_EACH_GPU;
    }
  }

  private static Rejection memoryTooSmall(long best, ResourceRequest want) {
    return Rejection.of(RejectReason.GPU_MEMORY_TOO_SMALL, best, want.gpuMemoryMiB());
  }
}
