package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.domain.Workload;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.EnergyHistory;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.filter.GpuFitFilter;
import io.lastmile.controlplane.scheduler.filter.HostResourcesFilter;
import io.lastmile.controlplane.scheduler.filter.JurisdictionFilter;
import io.lastmile.controlplane.scheduler.filter.LabelSelectorFilter;
import io.lastmile.controlplane.scheduler.filter.ReadinessFilter;
import io.lastmile.controlplane.scheduler.filter.RoundTripFilter;
import io.lastmile.controlplane.scheduler.filter.SitePowerFilter;
import io.lastmile.controlplane.scheduler.score.EnergyCostScorer;
import io.lastmile.controlplane.scheduler.score.GpuPackingScorer;
import io.lastmile.controlplane.scheduler.score.RoundTripScorer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One-line builders for nodes, jobs, prices and latency maps used across scheduler tests. */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  private Fixtures() {}

  /** A node with 2×L4 (24 GiB, 72 W) in sg-sin, zone SG, PUE 1.0, no cap. */
  public static NodeBuilder node(String id) {
    return new NodeBuilder(id);
  }

  public static JobBuilder job() {
    return new JobBuilder();
  }

  public static LatencyMap latency(Object... fromToRtt) {
    LatencyMap m = LatencyMap.empty();
    for (int i = 0; i < fromToRtt.length; i += 3) {
      m =
          m.withRegion((String) fromToRtt[i])
              .withRegion((String) fromToRtt[i + 1])
              .with(
                  (String) fromToRtt[i],
                  (String) fromToRtt[i + 1],
                  ((Number) fromToRtt[i + 2]).doubleValue());
    }
    return m;
  }

  /** A flat forecast of {@code pricePerMwh} EUR in each zone, for 48 hours from 00:00 today. */
  public static PriceBook flatPrices(Object... zonePrice) {
    PriceBook book = PriceBook.empty("EUR");
    List<PricePoint> points = new ArrayList<>();
    Instant day = Instant.parse("2025-03-01T00:00:00Z");
    for (int i = 0; i < zonePrice.length; i += 2) {
      for (int h = 0; h < 48; h++) {
        points.add(
            PricePoint.forecast(
                (String) zonePrice[i],
                day.plus(Duration.ofHours(h)),
                ((Number) zonePrice[i + 1]).doubleValue(),
                "EUR"));
      }
    }
    return book.with(points);
  }

  public static final EnergyEstimator ENERGY =
      new EnergyEstimator(GpuPowerModel.defaults(), EnergyHistory.none());

  /** Every filter, and the round-trip, energy-cost and gpu-packing scorers with these weights. */
  public static Scheduler scheduler(double rtt, double energy, double packing) {
    return new Scheduler(
        List.of(
            new ReadinessFilter(),
            new GpuFitFilter(),
            new HostResourcesFilter(),
            new JurisdictionFilter(),
            new RoundTripFilter(),
            new LabelSelectorFilter(),
            new SitePowerFilter(GpuPowerModel.defaults())),
        List.of(new RoundTripScorer(), new EnergyCostScorer(ENERGY), new GpuPackingScorer()),
        ScoreWeights.uniform(
            Map.of("round-trip", rtt, "energy-cost", energy, "gpu-packing", packing)));
  }

  public static ClusterView view(LatencyMap latency, PriceBook prices, NodeSnapshot... nodes) {
    return new ClusterView(List.of(nodes), latency, NOW, prices);
  }

  public static final class NodeBuilder {
    private final String id;
    private String region = "sg-sin";
    private String jurisdiction = "SG";
    private String zone = "SG";
    private double pue = 1.0;
    private double capKw = 0;
    private final List<GpuDevice> gpus = new ArrayList<>();
    private final Map<String, String> labels = new HashMap<>();
    private final Set<Integer> allocated = new HashSet<>();
    private NodeCondition condition = NodeCondition.READY;
    private int cpuMillis = 16_000;
    private long memoryMiB = 65_536;
    private int usedCpu;
    private long usedMemory;
    private double drawW;
    private boolean defaultGpus = true;

    NodeBuilder(String id) {
      this.id = id;
    }

    /** Region, with jurisdiction and zone derived: "de-fra" → DE, DE. */
    public NodeBuilder in(String region) {
      this.region = region;
      this.jurisdiction = region.substring(0, 2).toUpperCase();
      this.zone = jurisdiction;
      return this;
    }

    public NodeBuilder jurisdiction(String j) {
      this.jurisdiction = j;
      return this;
    }

    public NodeBuilder zone(String z) {
      this.zone = z;
      return this;
    }

    public NodeBuilder pue(double p) {
      this.pue = p;
      return this;
    }

    public NodeBuilder capKw(double cap) {
      this.capKw = cap;
      return this;
    }

    public NodeBuilder drawW(double w) {
      this.drawW = w;
      return this;
    }

    /** Replaces the default GPUs with {@code count} of {@code model}. */
    public NodeBuilder gpus(int count, String model, long memoryMiB, double powerW) {
      if (defaultGpus) {
        gpus.clear();
        defaultGpus = false;
      }
      for (int i = 0; i < count; i++) {
        int index = gpus.size();
        gpus.add(new GpuDevice(index, "GPU-" + id + "-" + index, model, memoryMiB, 0, powerW));
      }
      return this;
    }

    public NodeBuilder gpu(String model, long totalMiB, long usedMiB) {
      if (defaultGpus) {
        gpus.clear();
        defaultGpus = false;
      }
      int index = gpus.size();
      gpus.add(new GpuDevice(index, "GPU-" + id + "-" + index, model, totalMiB, usedMiB, 0));
      return this;
    }

    public NodeBuilder allocated(Integer... indices) {
      allocated.addAll(List.of(indices));
      return this;
    }

    public NodeBuilder label(String k, String v) {
      labels.put(k, v);
      return this;
    }

    public NodeBuilder condition(NodeCondition c) {
      this.condition = c;
      return this;
    }

    public NodeBuilder host(int cpu, long memory, int usedCpu, long usedMemory) {
      this.cpuMillis = cpu;
      this.memoryMiB = memory;
      this.usedCpu = usedCpu;
      this.usedMemory = usedMemory;
      return this;
    }

    public NodeSnapshot build() {
      if (defaultGpus) {
        gpus(2, "NVIDIA L4", 24_576, 72);
      }
      NodeInfo info =
          new NodeInfo(
              id,
              region,
              jurisdiction,
              zone,
              pue,
              labels,
              gpus,
              cpuMillis,
              memoryMiB,
              false,
              capKw);
      return new NodeSnapshot(info, condition, allocated, usedCpu, usedMemory, drawW);
    }
  }

  public static final class JobBuilder {
    private String name = "infer";
    private int gpus = 1;
    private long gpuMemoryMiB = 0;
    private String model = "";
    private int cpu;
    private long memory;
    private String origin = "";
    private double maxRttMs;
    private Set<String> jurisdictions = Set.of();
    private Map<String, String> selector = Map.of();
    private JobClass jobClass = JobClass.STANDARD;
    private Instant deadline;
    private Duration duration = Duration.ofHours(1);
    private int priority;

    public JobBuilder name(String n) {
      this.name = n;
      return this;
    }

    public JobBuilder gpus(int count, long memoryMiB) {
      this.gpus = count;
      this.gpuMemoryMiB = memoryMiB;
      return this;
    }

    public JobBuilder model(String m) {
      this.model = m;
      return this;
    }

    public JobBuilder host(int cpuMillis, long memoryMiB) {
      this.cpu = cpuMillis;
      this.memory = memoryMiB;
      return this;
    }

    public JobBuilder from(String region, double maxRtt) {
      this.origin = region;
      this.maxRttMs = maxRtt;
      return this;
    }

    public JobBuilder origin(String region) {
      this.origin = region;
      return this;
    }

    public JobBuilder within(String... allowed) {
      this.jurisdictions = Set.of(allowed);
      return this;
    }

    public JobBuilder selector(String k, String v) {
      this.selector = Map.of(k, v);
      return this;
    }

    public JobBuilder jobClass(JobClass c) {
      this.jobClass = c;
      return this;
    }

    public JobBuilder deadline(Instant d) {
      this.deadline = d;
      return this;
    }

    public JobBuilder runs(Duration d) {
      this.duration = d;
      return this;
    }

    public JobBuilder priority(int p) {
      this.priority = p;
      return this;
    }

    public JobSpec spec() {
      return new JobSpec(
          name,
          Workload.command("run"),
          new ResourceRequest(gpus, gpuMemoryMiB, model, cpu, memory),
          new PlacementConstraints(origin, maxRttMs, jurisdictions, selector),
          jobClass,
          deadline,
          duration,
          1,
          priority,
          null);
    }

    public SchedulingRequest build() {
      return new SchedulingRequest("job-1", spec());
    }
  }
}
