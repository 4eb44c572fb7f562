package io.lastmile.bench;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A reproducible synthetic fleet: regions on a plane (round trip grows with distance), ten
 * jurisdictions, one market zone per two regions with a day of hourly forecast prices, nodes with 4
 * or 8 GPUs of three kinds, and a queue of jobs drawn from a fixed mix.
 */
final class SyntheticFleet {
  static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  static final String[][] GPU_KINDS = {
    {"NVIDIA L4", "24576", "72"},
    {"NVIDIA A100-SXM4-80GB", "81920", "400"},
    {"NVIDIA H100", "81920", "700"}
  };

  final int regionCount;
  final String[] regions;
  final String[] jurisdictionOf;
  final String[] zoneOf;
  final double[][] rttMs;
  final LatencyMap latency;
  final PriceBook prices;

  SyntheticFleet(int regionCount, long seed) {
    this.regionCount = regionCount;
    Random rnd = new Random(seed);
    regions = new String[regionCount];
    jurisdictionOf = new String[regionCount];
    zoneOf = new String[regionCount];
    double[][] xy = new double[regionCount][2];
    for (int r = 0; r < regionCount; r++) {
      regions[r] = "r%02d".formatted(r);
      jurisdictionOf[r] = "J" + (r % 10);
      zoneOf[r] = "Z%02d".formatted(r / 2);
      xy[r][0] = rnd.nextDouble() * 100;
      xy[r][1] = rnd.nextDouble() * 100;
    }
    rttMs = new double[regionCount][regionCount];
    LatencyMap m = LatencyMap.empty();
    for (String region : regions) {
      m = m.withRegion(region);
    }
    for (int a = 0; a < regionCount; a++) {
      for (int b = a + 1; b < regionCount; b++) {
        double d = Math.hypot(xy[a][0] - xy[b][0], xy[a][1] - xy[b][1]);
        double rtt = Math.round((4 + 2 * d) * 10) / 10.0;
        rttMs[a][b] = rtt;
        rttMs[b][a] = rtt;
        m = m.with(regions[a], regions[b], rtt);
      }
    }
    latency = m;
    List<PricePoint> points = new ArrayList<>();
    for (int z = 0; z < (regionCount + 1) / 2; z++) {
      double base = 30 + rnd.nextDouble() * 120;
      for (int h = -10; h < 38; h++) {
        double daily = 1 + 0.4 * Math.sin((h + 10) / 24.0 * 2 * Math.PI);
        points.add(
            PricePoint.forecast(
                "Z%02d".formatted(z), NOW.plus(Duration.ofHours(h)), base * daily, "EUR"));
      }
    }
    prices = PriceBook.empty("EUR").with(points);
  }

  /** Node {@code i} is in region {@code i % regions}: regions are equally large. */
  List<NodeSnapshot> nodes(int count, long seed) {
    Random rnd = new Random(seed);
    List<NodeSnapshot> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int r = i % regionCount;
      String[] kind = GPU_KINDS[rnd.nextInt(GPU_KINDS.length)];
      int gpuCount = rnd.nextBoolean() ? 4 : 8;
      List<GpuDevice> gpus = new ArrayList<>(gpuCount);
      for (int g = 0; g < gpuCount; g++) {
        gpus.add(
            new GpuDevice(
                g,
                "GPU-%d-%d".formatted(i, g),
                kind[0],
                Long.parseLong(kind[1]),
                0,
                Double.parseDouble(kind[2])));
      }
      double capKw = rnd.nextInt(4) == 0 ? gpuCount * Double.parseDouble(kind[2]) / 1000 * 0.8 : 0;
      NodeInfo info =
          new NodeInfo(
              "node-%05d".formatted(i),
              regions[r],
              jurisdictionOf[r],
              zoneOf[r],
              1.1 + rnd.nextInt(6) / 10.0,
              Map.of("tier", rnd.nextInt(5) == 0 ? "core" : "edge"),
              gpus,
              64_000,
              262_144,
              false,
              capKw);
      out.add(NodeSnapshot.idle(info));
    }
    return out;
  }

  /**
   * The job mix: 70% with a round-trip bound of 20-80 ms from their origin, 30% of all restricted
   * to their origin's jurisdiction, 5% with a label selector; 1, 2 or 4 GPUs (70/20/10%) with 8-40
   * GiB each, 10% asking for a GPU model; classes 10% latency-critical, 60% standard, 20%
   * deferrable, 10% interruptible.
   */
  List<SchedulingRequest> jobs(int count, long seed) {
    Random rnd = new Random(seed);
    List<SchedulingRequest> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int origin = rnd.nextInt(regionCount);
      double maxRtt = rnd.nextInt(10) < 7 ? 20 + rnd.nextInt(61) : 0;
      Set<String> jurisdictions = rnd.nextInt(10) < 3 ? Set.of(jurisdictionOf[origin]) : Set.of();
      Map<String, String> selector = rnd.nextInt(20) == 0 ? Map.of("tier", "edge") : Map.of();
      int p = rnd.nextInt(10);
      int gpus = p < 7 ? 1 : p < 9 ? 2 : 4;
      String model = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? "L4" : "H100") : "";
      int c = rnd.nextInt(10);
      JobClass jobClass =
          c == 0
              ? JobClass.LATENCY_CRITICAL
              : c < 7 ? JobClass.STANDARD : c < 9 ? JobClass.DEFERRABLE : JobClass.INTERRUPTIBLE;
      JobSpec spec =
          new JobSpec(
              "job-kind-" + rnd.nextInt(200),
              Workload.command("serve"),
              new ResourceRequest(gpus, 8_192L * (1 + rnd.nextInt(5)), model, 2_000, 8_192),
              new PlacementConstraints(regions[origin], maxRtt, jurisdictions, selector),
              jobClass,
              jobClass == JobClass.DEFERRABLE ? NOW.plus(Duration.ofHours(12)) : null,
              Duration.ofMinutes(5 + rnd.nextInt(116)),
              1,
              rnd.nextInt(10),
              null);
      out.add(new SchedulingRequest("job-%06d".formatted(i), spec));
    }
    return out;
  }

  int regionIndex(String region) {
    return Integer.parseInt(region.substring(1));
  }
}
