package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * The site stays within its power cap once the job runs: the node's GPU load plus the job's GPUs at
 * their estimated power must not exceed {@code sitePowerCapKw} (no cap when it is 0).
 *
 * <p>The node's load is the larger of its measured draw and its allocated GPUs at estimated power,
 * so attempts that are bound but not yet drawing (or idle between requests) still count.
 */
public final class SitePowerFilter implements Filter {
  private final GpuPowerModel power;

  public SitePowerFilter(GpuPowerModel power) {
    this.power = power;
  }

  @Override
  public String name() {
    return "site-power";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    int gpus = job.spec().resources().gpuCount();
    if (gpus == 0) {
      return NodeCheck.PASS;
    }
    return node -> check(gpus, node);
  }

  private Rejection check(int gpus, NodeSnapshot node) {
    double capKw = node.sitePowerCapKw();
    if (capKw <= 0) {
      return null;
    }
    double perGpuW =
        power.perGpuW(node.info(), node.maxGpuPowerLimitW(), node.everyGpuReportsPower());
    double loadW = Math.max(node.powerDrawW(), node.allocatedGpus().size() * perGpuW);
    double afterKw = (loadW + gpus * perGpuW) / 1000;
    return afterKw > capKw ? Rejection.of(RejectReason.SITE_POWER_CAP, afterKw, capKw) : null;
  }
}
