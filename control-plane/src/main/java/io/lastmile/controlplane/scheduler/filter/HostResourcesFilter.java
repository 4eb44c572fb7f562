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
public final class HostResourcesFilter implements BatchFilter {

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
    RejectionTally.Pass noCpu = new RejectionTally.Pass(RejectReason.INSUFFICIENT_CPU);
    RejectionTally.Pass noMemory = new RejectionTally.Pass(RejectReason.INSUFFICIENT_MEMORY);
    int kept = 0;
    int j = 0;
    while (j < count) {
      int k = positions[j];
      if (nodes.chunkLeastFreeCpuMillis(k) >= cpu && nodes.chunkLeastFreeMemoryMiB(k) >= memory) {
        int end = nodes.chunkRunEnd(positions, j, count);
        kept = BatchCheck.keepAll(positions, j, end, kept);
        j = end;
        continue;
      }
      int freeCpu = nodes.freeCpuMillis(k);
      long freeMemory = nodes.freeMemoryMiB(k);
      if (cpu > 0 && freeCpu < cpu) {
        noCpu.add(freeCpu, cpu, k);
      } else if (memory > 0 && freeMemory < memory) {
        noMemory.add(freeMemory, memory, k);
      } else {
        positions[kept++] = k;
      }
      j++;
    }
    noCpu.addTo(tally);
    noMemory.addTo(tally);
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
