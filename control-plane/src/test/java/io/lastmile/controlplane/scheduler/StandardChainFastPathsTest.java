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
import io.lastmile.controlplane.scheduler.filter.BatchFilter;
import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.filter.LocalityFilter;
import io.lastmile.controlplane.scheduler.score.BatchScorer;
import io.lastmile.controlplane.scheduler.score.Scorer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every filter and scorer of {@link StandardChain}: each fast path (over localities, over the
 * columns) gives exactly what the plugin's per-node check or score gives, on random fleets and
 * requests; and the scheduler decides with the fast paths as it does node by node. A plugin added
 * to the chain is checked here without a test of its own.
 */
class StandardChainFastPathsTest {
  private static final long[] SEEDS = {1, 2, 3, 5, 8, 13};
  private static final String[] REGIONS = {"sg-sin", "de-fra", "us-ord", "jp-tyo", "au-syd"};
  private static final String[] MODELS = {"NVIDIA L4", "NVIDIA A100-SXM4-80GB", "NVIDIA H100"};
  private static final GpuPowerModel POWER = GpuPowerModel.defaults();
  private static final LatencyMap LATENCY =
      Fixtures.latency(
          "sg-sin", "de-fra", 160, "sg-sin", "us-ord", 210, "de-fra", "us-ord", 95, "jp-tyo",
          "sg-sin", 70);
  private static final PriceBook PRICES = Fixtures.flatPrices("SG", 120, "DE", 80, "US", 60);

  static List<Filter> filters() {
    return StandardChain.filters(POWER);
  }

  static List<Scorer> scorers() {
    List<Scorer> out =
        new ArrayList<>(StandardChain.scorers(Fixtures.ENERGY, PackingPolicy.BIN_PACK));
    out.addAll(StandardChain.scorers(Fixtures.ENERGY, PackingPolicy.SPREAD));
    return out;
  }

  static Stream<Arguments> filtersAndSeeds() {
    return filters().stream()
        .flatMap(f -> Arrays.stream(SEEDS).mapToObj(seed -> Arguments.of(f.name(), f, seed)));
  }

  static Stream<Arguments> scorersAndSeeds() {
    return scorers().stream()
        .flatMap(s -> Arrays.stream(SEEDS).mapToObj(seed -> Arguments.of(s.name(), s, seed)));
  }

  @Test
  void theChainHasFastPathsToCheck() {
    assertThat(filters()).anyMatch(BatchFilter.class::isInstance);
    assertThat(filters()).anyMatch(LocalityFilter.class::isInstance);
    assertThat(scorers()).anyMatch(BatchScorer.class::isInstance);
  }

  @ParameterizedTest(name = "{0} seed {2}")
  @MethodSource("filtersAndSeeds")
  void filterFastPathsKeepAndCountLikeTheNodeCheck(String name, Filter filter, long seed) {
    Random rnd = new Random(seed);
    for (int fleet = 0; fleet < 12; fleet++) {
      ClusterView view = randomView(rnd);
      for (int step = 0; step < 25; step++) {
        SchedulingRequest job = randomJob(rnd);
        if (filter instanceof LocalityFilter locality) {
          assertLocalitiesLikeNodes(locality, job, view);
        }
        if (filter instanceof BatchFilter batch) {
          assertBatchLikeNodes(batch, job, view, candidates(rnd, view.columns().size()));
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} seed {2}")
  @MethodSource("scorersAndSeeds")
  void scorerFastPathsGiveTheNodeScoresExactly(String name, Scorer scorer, long seed) {
    Random rnd = new Random(seed);
    for (int fleet = 0; fleet < 12; fleet++) {
      ClusterView view = randomView(rnd);
      for (int step = 0; step < 25; step++) {
        SchedulingRequest job = randomJob(rnd);
        if (scorer instanceof BatchScorer batch) {
          assertBatchLikeNodes(batch, job, view, candidates(rnd, view.columns().size()));
        }
      }
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void schedulerDecidesWithFastPathsAsNodeByNode(long seed) {
    ScoreWeights weights =
        ScoreWeights.of(
            Map.of("round-trip", 1.0, "energy-cost", 1.0, "gpu-packing", 0.3),
            Map.of(JobClass.DEFERRABLE, Map.of("energy-cost", 3.0)));
    List<Filter> filters = filters();
    List<Scorer> scorers = StandardChain.scorers(Fixtures.ENERGY, PackingPolicy.BIN_PACK);
    Scheduler fast = new Scheduler(filters, scorers, weights);
    Scheduler perNode =
        new Scheduler(
            filters.stream().map(StandardChainFastPathsTest::perNode).toList(),
            scorers.stream().map(StandardChainFastPathsTest::perNode).toList(),
            weights);
    Random rnd = new Random(seed);
    int placed = 0;
    for (int fleet = 0; fleet < 10; fleet++) {
      ClusterView view = randomView(rnd);
      for (int step = 0; step < 40; step++) {
        SchedulingRequest job = randomJob(rnd);
        Decision decision = fast.decide(job, view);
        assertThat(decision).isEqualTo(perNode.decide(job, view));
        if (decision instanceof Decision.Placed p) {
          placed++;
          var want = job.spec().resources();
          view =
              view.withNode(
                  p.node().withAllocation(p.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
        }
      }
    }
    assertThat(placed).isPositive();
  }

  static Stream<Long> seeds() {
    return Arrays.stream(SEEDS).boxed();
  }

  private static void assertLocalitiesLikeNodes(
      LocalityFilter filter, SchedulingRequest job, ClusterView view) {
    Filter.NodeCheck check = filter.prepare(job, view);
    LocalityFilter.LocalityCheck byLocality = filter.prepareLocalities(job, view);
    Localities localities = view.localities();
    NodeColumns nodes = view.columns();
    for (int g = 0; g < localities.count(); g++) {
      Rejection verdict = byLocality.check(g, nodes.node(localities.start(g)));
      for (int k = localities.start(g); k < localities.end(g); k++) {
        assertThat(check.check(nodes.node(k))).as("node %s", nodes.node(k).id()).isEqualTo(verdict);
      }
    }
  }

  private static void assertBatchLikeNodes(
      BatchFilter filter, SchedulingRequest job, ClusterView view, int[] candidates) {
    NodeColumns nodes = view.columns();
    Filter.NodeCheck check = filter.prepare(job, view);
    List<Integer> expectedKept = new ArrayList<>();
    RejectionTally expectedTally = new RejectionTally();
    for (int k : candidates) {
      Rejection r = check.check(nodes.node(k));
      if (r == null) {
        expectedKept.add(k);
      } else {
        expectedTally.add(r, 1, k);
      }
    }
    int[] positions = candidates.clone();
    RejectionTally tally = new RejectionTally();
    int kept = filter.prepareBatch(job, view).keep(nodes, positions, positions.length, tally);
    assertThat(Arrays.stream(positions, 0, kept).boxed().toList()).isEqualTo(expectedKept);
    assertThat(tally.counts()).isEqualTo(expectedTally.counts());
  }

  private static void assertBatchLikeNodes(
      BatchScorer scorer, SchedulingRequest job, ClusterView view, int[] candidates) {
    NodeColumns nodes = view.columns();
    Scorer.NodeScore score = scorer.prepare(job, view);
    double[] expected = new double[candidates.length];
    for (int i = 0; i < candidates.length; i++) {
      expected[i] = score.raw(nodes.node(candidates[i]));
    }
    double[] out = new double[candidates.length];
    scorer.rawAll(job, view, nodes, candidates.clone(), candidates.length, out);
    assertThat(Arrays.stream(out).boxed().toList())
        .isEqualTo(Arrays.stream(expected).boxed().toList());
  }

  /** Every position, or an ascending random part of them, as earlier filters would leave. */
  private static int[] candidates(Random rnd, int size) {
    if (rnd.nextBoolean()) {
      return IntStream.range(0, size).toArray();
    }
    int keepOneIn = 1 + rnd.nextInt(4);
    return IntStream.range(0, size).filter(k -> rnd.nextInt(keepOneIn) == 0).toArray();
  }

  /** The filter with its check only, no fast path; a locality filter stays one. */
  private static Filter perNode(Filter f) {
    if (f instanceof LocalityFilter) {
      return new LocalityFilter() {
        @Override
        public String name() {
          return f.name();
        }

        @Override
        public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
          return f.prepare(job, cluster);
        }
      };
    }
    return new Filter() {
      @Override
      public String name() {
        return f.name();
      }

      @Override
      public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
        return f.prepare(job, cluster);
      }
    };
  }

  /** The scorer with its per-node function only, no fast path. */
  private static Scorer perNode(Scorer s) {
    return new Scorer() {
      @Override
      public String name() {
        return s.name();
      }

      @Override
      public String unit() {
        return s.unit();
      }

      @Override
      public boolean lowerIsBetter() {
        return s.lowerIsBetter();
      }

      @Override
      public String unit(ClusterView cluster) {
        return s.unit(cluster);
      }

      @Override
      public boolean lowerIsBetter(SchedulingRequest job) {
        return s.lowerIsBetter(job);
      }

      @Override
      public NodeScore prepare(SchedulingRequest job, ClusterView cluster) {
        return s.prepare(job, cluster);
      }
    };
  }

  /**
   * A fleet of up to several column chunks: a few kinds of node repeated (shared hardware profiles
   * and label sets, whole chunks ready and roomy) mixed with one-off nodes of varied GPU models,
   * memory, power reporting, regions, labels, conditions, power caps and allocations.
   */
  private static ClusterView randomView(Random rnd) {
    int size = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 700 : 60);
    NodeSnapshot[] kinds = new NodeSnapshot[1 + rnd.nextInt(4)];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = randomNode(rnd, "kind-" + i, rnd.nextBoolean());
    }
    List<NodeSnapshot> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String id = "n-%03d-%d".formatted(rnd.nextInt(1000), i);
      nodes.add(
          rnd.nextInt(3) == 0
              ? randomNode(rnd, id, rnd.nextInt(4) != 0)
              : copyOf(kinds[rnd.nextInt(kinds.length)], id));
    }
    return new ClusterView(nodes, LATENCY, Fixtures.NOW, PRICES);
  }

  /** A node of {@code kind}'s place, hardware and labels, with its own id. */
  private static NodeSnapshot copyOf(NodeSnapshot kind, String id) {
    var k = kind.info();
    var info =
        new NodeInfo(
            id,
            k.region(),
            k.jurisdiction(),
            k.marketZone(),
            k.pue(),
            k.labels(),
            k.gpus(),
            k.cpuMillis(),
            k.memoryMiB(),
            k.simulated(),
            k.sitePowerCapKw());
    return new NodeSnapshot(
        info,
        kind.condition(),
        kind.allocatedGpus(),
        kind.usedCpuMillis(),
        kind.usedMemoryMiB(),
        kind.powerDrawW());
  }

  private static NodeSnapshot randomNode(Random rnd, String id, boolean settled) {
    Fixtures.NodeBuilder b = node(id).in(REGIONS[rnd.nextInt(REGIONS.length)]);
    if (rnd.nextInt(6) == 0) {
      b.zone(rnd.nextBoolean() ? "SG" : "XX");
    }
    int gpus = rnd.nextInt(9);
    String model = MODELS[rnd.nextInt(MODELS.length)];
    boolean mixed = rnd.nextInt(5) == 0;
    for (int g = 0; g < gpus; g++) {
      String m = mixed ? MODELS[rnd.nextInt(MODELS.length)] : model;
      if (rnd.nextInt(4) == 0) {
        b.gpu(m, 24_576 * (1 + rnd.nextInt(3)), 1_024L * rnd.nextInt(30));
      } else {
        b.gpus(1, m, 24_576 * (1 + rnd.nextInt(3)), 72 + rnd.nextInt(3) * 300);
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
    int condition = settled ? 9 : rnd.nextInt(10);
    b.condition(
        condition == 0
            ? NodeCondition.NOT_READY
            : condition == 1 ? NodeCondition.CORDONED : NodeCondition.READY);
    if (rnd.nextInt(3) == 0) {
      b.capKw(0.1 * rnd.nextInt(30)).drawW(50 * rnd.nextInt(20));
    }
    if (rnd.nextBoolean()) {
      b.label("tier", rnd.nextBoolean() ? "edge" : "core");
    }
    if (rnd.nextInt(4) == 0) {
      b.label("rack", "r" + rnd.nextInt(5));
    }
    b.pue(1 + rnd.nextInt(6) / 10.0);
    int usedCpu = settled ? 0 : 1_000 * rnd.nextInt(9);
    long usedMemory = settled ? 0 : 4_096L * rnd.nextInt(9);
    return b.host(8_000, 32_768, usedCpu, usedMemory).build();
  }

  private static SchedulingRequest randomJob(Random rnd) {
    Fixtures.JobBuilder b =
        job()
            .gpus(rnd.nextInt(5), 8_192L * rnd.nextInt(9))
            .host(500 * rnd.nextInt(8), 2_048L * rnd.nextInt(8));
    if (rnd.nextInt(4) == 0) {
      b.model(new String[] {"L4", "H100", "A100", "NVIDIA L4"}[rnd.nextInt(4)]);
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
    if (rnd.nextInt(4) == 0) {
      b.selector("tier", "edge");
    }
    if (rnd.nextInt(6) == 0) {
      b.selector("rack", "r" + rnd.nextInt(5));
    }
    b.jobClass(JobClass.values()[rnd.nextInt(JobClass.values().length)]);
    b.runs(Duration.ofMinutes(1 + rnd.nextInt(120)));
    SchedulingRequest r = b.build();
    PackingPolicy packing = rnd.nextInt(3) == 0 ? PackingPolicy.values()[rnd.nextInt(2)] : null;
    Map<String, Double> own = rnd.nextInt(5) == 0 ? Map.of("gpu-packing", 2.0) : Map.of();
    return new SchedulingRequest(r.jobId(), r.spec(), own, packing);
  }
}
