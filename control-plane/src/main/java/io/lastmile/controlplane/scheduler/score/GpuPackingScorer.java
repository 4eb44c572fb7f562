package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * The fraction of the node's GPUs in use once the job is placed. Under {@link
 * PackingPolicy#BIN_PACK} (the default) higher is better; under {@link PackingPolicy#SPREAD} lower
 * is better. A job's own policy ({@link SchedulingRequest#packing()}) overrides the default.
 */
public final class GpuPackingScorer implements BatchScorer {
  private final PackingPolicy policy;

  public GpuPackingScorer() {
    this(PackingPolicy.BIN_PACK);
  }

  public GpuPackingScorer(PackingPolicy policy) {
    this.policy = policy;
  }

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
    return policy == PackingPolicy.SPREAD;
  }

  @Override
  public boolean lowerIsBetter(SchedulingRequest job) {
    PackingPolicy chosen = job.packing() != null ? job.packing() : policy;
    return chosen == PackingPolicy.SPREAD;
  }

  @Override
  public NodeScore prepare(SchedulingRequest job, ClusterView cluster) {
    int gpus = job.spec().resources().gpuCount();
    return node -> fraction(node, gpus);
  }

  @Override
  public void rawAll(
      SchedulingRequest job,
      ClusterView cluster,
      NodeColumns nodes,
      int[] positions,
      int count,
      double[] out) {
    int gpus = job.spec().resources().gpuCount();
    for (int i = 0; i < count; i++) {
      int k = positions[i];
      out[i] = fraction(nodes.gpuCount(k), nodes.freeGpuCount(k), gpus);
    }
  }

  private static double fraction(NodeSnapshot node, int gpus) {
    return fraction(node.gpuCount(), node.freeGpuCount(), gpus);
  }

  private static double fraction(int total, int free, int gpus) {
    if (total == 0) {
      return 0;
    }
    return (double) (total - free + gpus) / total;
  }
}
