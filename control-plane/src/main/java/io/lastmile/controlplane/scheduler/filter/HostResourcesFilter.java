package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/** Enough free CPU and host memory, when the job asks for them. */
public final class HostResourcesFilter implements Filter {

  @Override
  public String name() {
    return "host-resources";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    ResourceRequest want = job.spec().resources();
    if (want.cpuMillis() <= 0 && want.memoryMiB() <= 0) {
      return NodeCheck.PASS;
    }
    return node -> check(want, node);
  }

  private static Rejection check(ResourceRequest want, NodeSnapshot node) {
    if (want.cpuMillis() > 0 && node.freeCpuMillis() < want.cpuMillis()) {
      return Rejection.of(RejectReason.INSUFFICIENT_CPU, node.freeCpuMillis(), want.cpuMillis());
    }
    if (want.memoryMiB() > 0 && node.freeMemoryMiB() < want.memoryMiB()) {
      return Rejection.of(RejectReason.INSUFFICIENT_MEMORY, node.freeMemoryMiB(), want.memoryMiB());
    }
    return null;
  }
}
