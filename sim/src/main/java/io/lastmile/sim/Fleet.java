package io.lastmile.sim;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleBiFunction;

/**
 * The simulated fleet: {@code nodesPerSite} idle nodes per site, each with {@code gpusPerNode} GPUs
 * of one model reporting {@code wattsPerGpu} as their power (so the scheduler's energy estimate
 * uses the measured figure), and the latency map between all regions of sites and origins.
 */
public record Fleet(
    List<Site> sites,
    int nodesPerSite,
    int gpusPerNode,
    String gpuModel,
    double wattsPerGpu,
    LatencyMap latency) {

  /** Host CPU and memory are not what limits inference here: nodes have plenty of both. */
  private static final int CPU_MILLIS = 256_000;

  private static final long MEMORY_MIB = 2_097_152;
  private static final long GPU_MEMORY_MIB = 81_920;

  public Fleet {
    sites = List.copyOf(sites);
    if (nodesPerSite < 1 || gpusPerNode < 1) {
      throw new IllegalArgumentException(
          "nodes per site and GPUs per node must be >= 1, got %d and %d"
              .formatted(nodesPerSite, gpusPerNode));
    }
  }

  /**
   * The latency map over {@code regions} with round trips from {@code rttMs}; fails naming a pair
   * whose round trip is unknown.
   */
  public static LatencyMap latency(List<String> regions, ToDoubleBiFunction<String, String> rttMs) {
    LatencyMap m = LatencyMap.empty();
    for (String r : regions) {
      m = m.withRegion(r);
    }
    for (int a = 0; a < regions.size(); a++) {
      for (int b = a + 1; b < regions.size(); b++) {
        String from = regions.get(a);
        String to = regions.get(b);
        if (from.equals(to)) {
          continue;
        }
        double rtt = rttMs.applyAsDouble(from, to);
        if (Double.isNaN(rtt)) {
          throw new IllegalArgumentException(
              "no round trip known between %s and %s in the RTT matrix".formatted(from, to));
        }
        m = m.with(from, to, rtt);
      }
    }
    return m;
  }

  public int totalGpus() {
    return sites.size() * nodesPerSite * gpusPerNode;
  }

  public List<NodeSnapshot> nodes() {
    List<NodeSnapshot> out = new ArrayList<>();
    for (Site site : sites) {
      for (int n = 0; n < nodesPerSite; n++) {
        String id = "%s-%d".formatted(site.zone().toLowerCase(Locale.ROOT), n + 1);
        List<GpuDevice> gpus = new ArrayList<>();
        for (int g = 0; g < gpusPerNode; g++) {
          gpus.add(new GpuDevice(g, id + "-gpu" + g, gpuModel, GPU_MEMORY_MIB, 0, wattsPerGpu));
        }
        NodeInfo info =
            new NodeInfo(
                id,
                site.region(),
                site.zone(),
                site.zone(),
                site.pue(),
                Map.of(),
                gpus,
                CPU_MILLIS,
                MEMORY_MIB,
                true,
                0);
        out.add(NodeSnapshot.idle(info));
      }
    }
    return out;
  }
}
