package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionTally;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * The site stays within its power cap once the job runs: the node's GPU load plus the job's GPUs at
 * their estimated power must not exceed {@code sitePowerCapKw} (no cap when it is 0).
 *
 * <p>The node's load is the larger of its measured draw and its allocated GPUs at estimated power,
 * so attempts that are bound but not yet drawing (or idle between requests) still count.
 */
public final class SitePowerFilter implements BatchFilter {
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

  @Override
  public BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    int gpus = job.spec().resources().gpuCount();
    if (gpus == 0) {
      return BatchCheck.PASS;
    }
    return (nodes, positions, count, tally) -> keep(gpus, nodes, positions, count, tally);
  }

  /**
   * The same arithmetic as {@link #check}, on the columns; most nodes have no cap at all, and pass
   * on one bit of their chunk, read a word of 64 positions at a time.
   */
  private int keep(int gpus, NodeColumns nodes, int[] positions, int count, RejectionTally tally) {
    RejectionTally.Pass overCap = new RejectionTally.Pass(RejectReason.SITE_POWER_CAP);
    int kept = 0;
    int word = -1;
    long capBits = 0;
    for (int j = 0; j < count; j++) {
      int k = positions[j];
      if (k >>> 6 != word) {
        word = k >>> 6;
        capBits = nodes.sitePowerCapBits(k);
      }
      if ((capBits & (1L << k)) != 0) {
        double capKw = nodes.sitePowerCapKw(k);
        double perGpuW =
            nodes.everyGpuReportsPower(k)
                ? nodes.maxGpuPowerLimitW(k)
                : power.perGpuW(nodes.node(k).info());
        double loadW = Math.max(nodes.powerDrawW(k), nodes.allocatedGpuCount(k) * perGpuW);
        double afterKw = (loadW + gpus * perGpuW) / 1000;
        if (afterKw > capKw) {
          overCap.add(afterKw, capKw, k);
          continue;
        }
      }
      positions[kept++] = k;
    }
    overCap.addTo(tally);
    return kept;
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
