package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * Bin-packing: the fraction of the node's GPUs in use once the job is placed. Filling busy nodes
 * first keeps whole nodes free for large jobs (and idle sites can power down).
 */
public final class GpuPackingScorer implements Scorer {

  @Override
  public String name() {
    return "gpu-packing";
  }

  @Override
  public String unit() {
    return "GPU fraction in use";
  }

  @Override
  public boolean lowerIsBetter() {
    return false;
  }

  @Override
  public double raw(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    int total = node.info().gpus().size();
    if (total == 0) {
      return 0;
    }
    int used = node.allocatedGpus().size() + job.spec().resources().gpuCount();
    return (double) used / total;
  }
}
