package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.RejectionTally;
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

  @Override
  public BatchCheck prepareBatch(SchedulingRequest job, ClusterView cluster) {
    ResourceRequest want = job.spec().resources();
    if (want.cpuMillis() <= 0 && want.memoryMiB() <= 0) {
      return BatchCheck.PASS;
    }
    return (nodes, positions, count, tally) -> keep(want, nodes, positions, count, tally);
  }

  private static int keep(
      ResourceRequest want, NodeColumns nodes, int[] positions, int count, RejectionTally tally) {
    int cpu = want.cpuMillis();
    long memory = want.memoryMiB();
    int kept = 0;
    for (int j = 0; j < count; j++) {
      int k = positions[j];
      int freeCpu = nodes.freeCpuMillis(k);
      long freeMemory = nodes.freeMemoryMiB(k);
      if (cpu > 0 && freeCpu < cpu) {
        tally.add(RejectReason.INSUFFICIENT_CPU, freeCpu, cpu, k);
      } else if (memory > 0 && freeMemory < memory) {
        tally.add(RejectReason.INSUFFICIENT_MEMORY, freeMemory, memory, k);
      } else {
        positions[kept++] = k;
      }
    }
    return kept;
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
