package io.lastmile.controlplane.scheduler;

import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.filter.Filter;
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
import io.lastmile.controlplane.scheduler.score.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scheduler against a plain reference ({@link ReferenceScheduler}) on random fleets that change
 * between decisions: same placement, same top candidates with their scores, same explanation
 * numbers.
 */
class SchedulerDifferentialTest {
  private static final String[] REGIONS = {"sg-sin", "de-fra", "us-ord", "jp-tyo"};
  private static final String[] MODELS = {"NVIDIA L4", "NVIDIA A100-SXM4-80GB", "NVIDIA H100"};
  private static final GpuPowerModel POWER = GpuPowerModel.defaults();
  private static final List<Filter> FILTERS =
      List.of(
          new ReadinessFilter(),
          new GpuFitFilter(),
          new HostResourcesFilter(),
          new JurisdictionFilter(),
          new RoundTripFilter(),
          new LabelSelectorFilter(),
          new SitePowerFilter(POWER));
  private static final List<Scorer> SCORERS =
      List.of(new RoundTripScorer(), new EnergyCostScorer(Fixtures.ENERGY), new GpuPackingScorer());
  private static final ScoreWeights WEIGHTS =
      ScoreWeights.of(
          Map.of("round-trip", 1.0, "energy-cost", 1.0, "gpu-packing", 0.3),
          Map.of(JobClass.DEFERRABLE, Map.of("energy-cost", 3.0)));

  private final Scheduler scheduler = new Scheduler(FILTERS, SCORERS, WEIGHTS);
  private final ReferenceScheduler reference = new ReferenceScheduler(FILTERS, SCORERS, WEIGHTS);

  @Test
  void placesAndExplainsLikeTheReferenceOnRandomFleets() {
    Random rnd = new Random(7);
    LatencyMap latency =
        Fixtures.latency(
            "sg-sin", "de-fra", 160, "sg-sin", "us-ord", 210, "de-fra", "us-ord", 95, "jp-tyo",
            "sg-sin", 70);
    PriceBook prices = Fixtures.flatPrices("SG", 120, "DE", 80, "US", 60);
    int placed = 0;
    int unschedulable = 0;
    for (int fleet = 0; fleet < 60; fleet++) {
      int size = fleet % 10 == 0 ? 200 + rnd.nextInt(200) : 1 + rnd.nextInt(40);
      List<NodeSnapshot> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        nodes.add(randomNode(rnd, "n-%03d".formatted(rnd.nextInt(1000)) + "-" + i));
      }
      ClusterView view = new ClusterView(nodes, latency, Fixtures.NOW, prices);
      for (int step = 0; step < 40; step++) {
        SchedulingRequest request = randomJob(rnd);
        Decision expected = reference.decide(request, view);
        Decision actual = scheduler.decide(request, view);
        assertSame(actual, expected);
        if (actual instanceof Decision.Placed p) {
          placed++;
          var want = request.spec().resources();
          view =
              view.withNode(
                  p.node().withAllocation(p.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
        } else {
          unschedulable++;
        }
        if (rnd.nextInt(8) == 0) {
          view = view.withNode(changed(rnd, view.nodes().get(rnd.nextInt(size))));
        }
      }
    }
    assertThat(placed).isGreaterThan(300);
    assertThat(unschedulable).isGreaterThan(100);
  }

  /**
   * Fleets of a few kinds of node, so that many nodes share a hardware profile and a label set and
   * many totals tie exactly (ties go to the lower id); between decisions nodes are re-labelled or
   * re-equipped, so profiles and label sets appear, fall out of use and are renumbered.
   */
  @Test
  void placesLikeTheReferenceOnFleetsOfFewKindsWithTiesAndChangingProfiles() {
    Random rnd = new Random(11);
    LatencyMap latency = Fixtures.latency("sg-sin", "de-fra", 160, "jp-tyo", "sg-sin", 70);
    PriceBook prices = Fixtures.flatPrices("SG", 120, "DE", 80, "US", 60);
    int placed = 0;
    int relabelled = 0;
    for (int fleet = 0; fleet < 20; fleet++) {
      int size = 5 + rnd.nextInt(fleet % 4 == 0 ? 300 : 30);
      NodeSnapshot[] kinds = new NodeSnapshot[1 + rnd.nextInt(4)];
      for (int i = 0; i < kinds.length; i++) {
        kinds[i] = randomNode(rnd, "kind-" + i);
      }
      List<NodeSnapshot> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        NodeSnapshot kind = kinds[rnd.nextInt(kinds.length)];
        String id = "n-%03d-%d".formatted(rnd.nextInt(1000), i);
        nodes.add(renamed(kind, id, kind.info().labels()));
      }
      ClusterView view = new ClusterView(nodes, latency, Fixtures.NOW, prices);
      for (int step = 0; step < 60; step++) {
        SchedulingRequest request = randomJob(rnd);
        Decision actual = scheduler.decide(request, view);
        assertSame(actual, reference.decide(request, view));
        if (actual instanceof Decision.Placed p) {
          placed++;
          var want = request.spec().resources();
          view =
              view.withNode(
                  p.node().withAllocation(p.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
        }
        for (int c = rnd.nextInt(7); c > 0; c--) {
          NodeSnapshot n = view.nodes().get(rnd.nextInt(size));
          view = view.withNode(rnd.nextBoolean() ? relabelled(rnd, n) : reequipped(rnd, n));
          relabelled++;
        }
      }
      NodeColumns columns = view.columns();
      assertThat(columns.hardwareProfiles() + columns.labelSets())
          .isLessThanOrEqualTo(2 * size + 66);
    }
    assertThat(placed).isGreaterThan(300);
    assertThat(relabelled).isGreaterThan(1000);
  }

  /**
   * Large fleets where nearly every node is ready and has host room, so that whole chunks of the
   * columns are judged from their summaries (all ready, least free CPU and memory), while
   * placements fill nodes and a few nodes change condition or place between decisions.
   */
  @Test
  void placesLikeTheReferenceOnLargeFleetsOfMostlyReadyNodesWithRoom() {
    Random rnd = new Random(13);
    LatencyMap latency = Fixtures.latency("sg-sin", "de-fra", 160, "jp-tyo", "sg-sin", 70);
    PriceBook prices = Fixtures.flatPrices("SG", 120, "DE", 80, "US", 60);
    int placed = 0;
    int wholeChunksReady = 0;
    for (int fleet = 0; fleet < 8; fleet++) {
      int size = 200 + rnd.nextInt(500);
      List<NodeSnapshot> nodes = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        nodes.add(settled(rnd, randomNode(rnd, "n-%03d-%d".formatted(rnd.nextInt(1000), i))));
      }
      ClusterView view = new ClusterView(nodes, latency, Fixtures.NOW, prices);
      for (int step = 0; step < 60; step++) {
        SchedulingRequest request = randomJob(rnd);
        Decision actual = scheduler.decide(request, view);
        assertSame(actual, reference.decide(request, view));
        wholeChunksReady += view.columns().chunkAllReady(0) ? 1 : 0;
        if (actual instanceof Decision.Placed p) {
          placed++;
          var want = request.spec().resources();
          view =
              view.withNode(
                  p.node().withAllocation(p.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
        }
        if (rnd.nextInt(10) == 0) {
          view = view.withNode(changed(rnd, view.nodes().get(rnd.nextInt(size))));
        }
      }
    }
    assertThat(placed).isGreaterThan(300);
    assertThat(wholeChunksReady).isGreaterThan(100);
  }

  /**
   * Cycles that carry the previous cycle's view over ({@link ClusterView#updatedTo}) while between
   * cycles nodes fill, change condition, are re-labelled or re-equipped, move, join or leave: the
   * carried view decides as the reference does on a view built from scratch, lists the same nodes,
   * and shares the grouping while no node joins, leaves or moves.
   */
  @Test
  void viewsCarriedOverBetweenCyclesDecideLikeViewsBuiltFromScratch() {
    Random rnd = new Random(17);
    LatencyMap latency = Fixtures.latency("sg-sin", "de-fra", 160, "jp-tyo", "sg-sin", 70);
    PriceBook prices = Fixtures.flatPrices("SG", 120, "DE", 80, "US", 60);
    List<NodeSnapshot> nodes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      nodes.add(randomNode(rnd, "n-%03d-%d".formatted(rnd.nextInt(1000), i)));
    }
    ClusterView carried = new ClusterView(nodes, latency, Fixtures.NOW, prices);
    int shared = 0;
    for (int cycle = 0; cycle < 120; cycle++) {
      int kind = rnd.nextInt(12);
      for (int c = 1 + rnd.nextInt(cycle % 7 == 0 ? 300 : 4); c > 0; c--) {
        int i = rnd.nextInt(nodes.size());
        NodeSnapshot n = nodes.get(i);
        nodes.set(
            i, kind == 0 ? relabelled(rnd, n) : kind == 1 ? reequipped(rnd, n) : settled(rnd, n));
      }
      if (kind == 2) {
        int i = rnd.nextInt(nodes.size());
        nodes.set(i, changed(rnd, nodes.get(i)));
      } else if (kind == 3) {
        nodes.add(randomNode(rnd, "joined-" + cycle));
      } else if (kind == 4) {
        nodes.remove(rnd.nextInt(nodes.size()));
      }
      ClusterView before = carried;
      carried = carried.updatedTo(nodes, latency, Fixtures.NOW.plusSeconds(cycle), prices);
      shared += carried.localities() == before.localities() ? 1 : 0;
      ClusterView fresh = new ClusterView(nodes, latency, Fixtures.NOW.plusSeconds(cycle), prices);
      assertThat(carried.nodes()).isEqualTo(nodes);
      for (int step = 0; step < 5; step++) {
        SchedulingRequest request = randomJob(rnd);
        Decision actual = scheduler.decide(request, carried);
        assertSame(actual, reference.decide(request, fresh));
        if (actual instanceof Decision.Placed p && step == 0) {
          var want = request.spec().resources();
          nodes.set(
              nodes.indexOf(p.node()),
              p.node().withAllocation(p.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
        }
      }
    }
    assertThat(shared).isGreaterThan(60);
  }

  /** The node ready, and with no host CPU or memory in use, but for one node in a hundred. */
  private static NodeSnapshot settled(Random rnd, NodeSnapshot n) {
    if (rnd.nextInt(100) == 0) {
      return n;
    }
    return new NodeSnapshot(n.info(), NodeCondition.READY, n.allocatedGpus(), 0, 0, n.powerDrawW());
  }

  /** The node with a label no other node had, or back to one of two common labels. */
  private static NodeSnapshot relabelled(Random rnd, NodeSnapshot n) {
    Map<String, String> labels =
        rnd.nextInt(3) == 0
            ? Map.of("tier", rnd.nextBoolean() ? "edge" : "core")
            : Map.of("tier", "edge", "rack", "r" + rnd.nextInt(1_000_000));
    return renamed(n, n.id(), labels);
  }

  /** The same node (same id, state and place) with the hardware of a new random node. */
  private static NodeSnapshot reequipped(Random rnd, NodeSnapshot n) {
    var other = randomNode(rnd, n.id()).info();
    var info = n.info();
    var gpus = other.gpus();
    var moved =
        new NodeInfo(
            info.id(),
            info.region(),
            info.jurisdiction(),
            info.marketZone(),
            other.pue(),
            info.labels(),
            gpus,
            info.cpuMillis(),
            info.memoryMiB(),
            info.simulated(),
            other.sitePowerCapKw());
    var allocated = new HashSet<Integer>();
    for (int g : n.allocatedGpus()) {
      if (g < gpus.size()) {
        allocated.add(g);
      }
    }
    return new NodeSnapshot(
        moved, n.condition(), allocated, n.usedCpuMillis(), n.usedMemoryMiB(), n.powerDrawW());
  }

  private static NodeSnapshot renamed(NodeSnapshot n, String id, Map<String, String> labels) {
    var info = n.info();
    var copy =
        new NodeInfo(
            id,
            info.region(),
            info.jurisdiction(),
            info.marketZone(),
            info.pue(),
            labels,
            info.gpus(),
            info.cpuMillis(),
            info.memoryMiB(),
            info.simulated(),
            info.sitePowerCapKw());
    return new NodeSnapshot(
        copy,
        n.condition(),
        n.allocatedGpus(),
        n.usedCpuMillis(),
        n.usedMemoryMiB(),
        n.powerDrawW());
  }

  private static void assertSame(Decision actual, Decision expected) {
    assertThat(actual.getClass()).isEqualTo(expected.getClass());
    assertThat(actual.nodesConsidered()).isEqualTo(expected.nodesConsidered());
    if (expected instanceof Decision.Unschedulable e) {
      assertThat(((Decision.Unschedulable) actual).rejections()).isEqualTo(e.rejections());
      return;
    }
    Decision.Placed e = (Decision.Placed) expected;
    Decision.Placed a = (Decision.Placed) actual;
    assertThat(a.node()).isEqualTo(e.node());
    assertThat(a.gpuIndices()).isEqualTo(e.gpuIndices());
    assertThat(a.feasibleNodes()).isEqualTo(e.feasibleNodes());
    assertThat(a.top()).isEqualTo(e.top());
  }

  private static NodeSnapshot randomNode(Random rnd, String id) {
    Fixtures.NodeBuilder b = node(id).in(REGIONS[rnd.nextInt(REGIONS.length)]);
    if (rnd.nextInt(6) == 0) {
      b.zone("SG");
    }
    int gpus = rnd.nextInt(5);
    String model = MODELS[rnd.nextInt(MODELS.length)];
    for (int g = 0; g < gpus; g++) {
      if (rnd.nextInt(4) == 0) {
        b.gpu(model, 24_576 * (1 + rnd.nextInt(3)), 1_024L * rnd.nextInt(20));
      } else {
        b.gpus(1, model, 24_576 * (1 + rnd.nextInt(3)), 72 + rnd.nextInt(3) * 300);
      }
    }
    if (gpus == 0) {
      b.gpus(0, model, 0, 0);
    }
    for (int g = 0; g < gpus; g++) {
      if (rnd.nextInt(3) == 0) {
        b.allocated(g);
      }
    }
    int choice = rnd.nextInt(10);
    b.condition(
        choice == 0
            ? NodeCondition.NOT_READY
            : choice == 1 ? NodeCondition.CORDONED : NodeCondition.READY);
    if (rnd.nextInt(3) == 0) {
      b.capKw(0.1 * rnd.nextInt(20)).drawW(50 * rnd.nextInt(20));
    }
    if (rnd.nextBoolean()) {
      b.label("tier", rnd.nextBoolean() ? "edge" : "core");
    }
    b.pue(1 + rnd.nextInt(5) / 10.0);
    return b.host(8_000, 32_768, 1_000 * rnd.nextInt(9), 4_096L * rnd.nextInt(9)).build();
  }

  private static SchedulingRequest randomJob(Random rnd) {
    Fixtures.JobBuilder b =
        job()
            .gpus(rnd.nextInt(4), 8_192L * rnd.nextInt(8))
            .host(500 * rnd.nextInt(6), 2_048L * rnd.nextInt(6));
    if (rnd.nextInt(4) == 0) {
      b.model(rnd.nextBoolean() ? "L4" : "H100");
    }
    String origin = REGIONS[rnd.nextInt(REGIONS.length)];
    int where = rnd.nextInt(4);
    if (where == 0) {
      b.from(origin, 50 + rnd.nextInt(200));
    } else if (where == 1) {
      b.origin(origin);
    } else if (where == 2) {
      b.from("xx-nowhere", 100);
    }
    if (rnd.nextInt(4) == 0) {
      b.within(origin.substring(0, 2).toUpperCase(), origin.startsWith("us") ? "DE" : "US");
    }
    if (rnd.nextInt(5) == 0) {
      b.selector("tier", "edge");
    }
    b.jobClass(JobClass.values()[rnd.nextInt(JobClass.values().length)]);
    b.runs(Duration.ofMinutes(1 + rnd.nextInt(120)));
    SchedulingRequest r = b.build();
    PackingPolicy packing = rnd.nextInt(3) == 0 ? PackingPolicy.SPREAD : null;
    Map<String, Double> own = rnd.nextInt(5) == 0 ? Map.of("gpu-packing", 2.0) : Map.of();
    return new SchedulingRequest(r.jobId(), r.spec(), own, packing);
  }

  /** The same node in another condition, or moved to another locality. */
  private static NodeSnapshot changed(Random rnd, NodeSnapshot n) {
    if (rnd.nextBoolean()) {
      NodeCondition c = NodeCondition.values()[rnd.nextInt(NodeCondition.values().length)];
      return new NodeSnapshot(
          n.info(), c, n.allocatedGpus(), n.usedCpuMillis(), n.usedMemoryMiB(), n.powerDrawW());
    }
    var info = n.info();
    var moved =
        new NodeInfo(
            info.id(),
            REGIONS[rnd.nextInt(REGIONS.length)],
            info.jurisdiction(),
            info.marketZone(),
            info.pue(),
            info.labels(),
            info.gpus(),
            info.cpuMillis(),
            info.memoryMiB(),
            info.simulated(),
            info.sitePowerCapKw());
    return new NodeSnapshot(
        moved,
        n.condition(),
        n.allocatedGpus(),
        n.usedCpuMillis(),
        n.usedMemoryMiB(),
        n.powerDrawW());
  }
}
