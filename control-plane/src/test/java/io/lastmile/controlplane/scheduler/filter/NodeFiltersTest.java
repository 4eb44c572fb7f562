package io.lastmile.controlplane.scheduler.filter;

import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static io.lastmile.controlplane.scheduler.filter.FilterTables.assertVerdict;

import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeFiltersTest {
  private static final ClusterView EMPTY =
      new ClusterView(List.of(), LatencyMap.empty(), Fixtures.NOW);

  static Stream<Arguments> readiness() {
    return Stream.of(
        Arguments.of("ready passes", node("a").build(), null),
        Arguments.of(
            "not ready", node("a").condition(NodeCondition.NOT_READY).build(), "not ready"),
        Arguments.of("cordoned", node("a").condition(NodeCondition.CORDONED).build(), "cordoned"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void readiness(String name, NodeSnapshot node, String expected) {
    assertVerdict(new ReadinessFilter(), job().build(), node, EMPTY, expected);
  }

  static Stream<Arguments> gpuFit() {
    return Stream.of(
        Arguments.of(
            "no GPUs asked", job().gpus(0, 0).build(), node("a").allocated(0, 1).build(), null),
        Arguments.of("two free of two", job().gpus(2, 20_000).build(), node("a").build(), null),
        Arguments.of(
            "one free, two asked",
            job().gpus(2, 0).build(),
            node("a").allocated(1).build(),
            "1 free GPUs, 2 requested"),
        Arguments.of(
            "memory below request on every free GPU",
            job().gpus(1, 30_000).build(),
            node("a").build(),
            "free GPUs have at most 24576 MiB, 30000 MiB requested"),
        Arguments.of(
            "only one of two free GPUs has the memory",
            job().gpus(2, 20_000).build(),
            node("a").gpu("L4", 24_576, 0).gpu("L4", 24_576, 8_192).build(),
            "free GPUs have at most 24576 MiB, 20000 MiB requested"),
        Arguments.of(
            "the allocated GPU is the big one",
            job().gpus(1, 40_000).build(),
            node("a").gpu("A100", 81_920, 0).gpu("L4", 24_576, 0).allocated(0).build(),
            "free GPUs have at most 24576 MiB, 40000 MiB requested"),
        Arguments.of(
            "model matches ignoring case",
            job().gpus(1, 0).model("l4").build(),
            node("a").build(),
            null),
        Arguments.of(
            "no free GPU of the model",
            job().gpus(1, 0).model("H100").build(),
            node("a").build(),
            "no free GPU of model H100"),
        Arguments.of(
            "model GPU free but too small",
            job().gpus(1, 50_000).model("A100").build(),
            node("a").gpu("A100", 40_960, 0).gpu("L4", 81_920, 0).build(),
            "free GPUs have at most 40960 MiB, 50000 MiB requested"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void gpuFit(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new GpuFitFilter(), job, node, EMPTY, expected);
  }

  static Stream<Arguments> hostResources() {
    return Stream.of(
        Arguments.of(
            "nothing asked", job().build(), node("a").host(1000, 1024, 1000, 1024).build(), null),
        Arguments.of(
            "fits exactly",
            job().host(500, 512).build(),
            node("a").host(1000, 1024, 500, 512).build(),
            null),
        Arguments.of(
            "cpu short",
            job().host(600, 0).build(),
            node("a").host(1000, 1024, 500, 0).build(),
            "500 free CPU millicores, 600 requested"),
        Arguments.of(
            "memory short",
            job().host(0, 2048).build(),
            node("a").host(1000, 4096, 0, 3072).build(),
            "1024 MiB free memory, 2048 MiB requested"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void hostResources(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new HostResourcesFilter(), job, node, EMPTY, expected);
  }

  static Stream<Arguments> labels() {
    return Stream.of(
        Arguments.of("no selector", job().build(), node("a").build(), null),
        Arguments.of(
            "label matches",
            job().selector("tier", "edge").build(),
            node("a").label("tier", "edge").build(),
            null),
        Arguments.of(
            "label differs",
            job().selector("tier", "edge").build(),
            node("a").label("tier", "core").build(),
            "label tier=edge does not match"),
        Arguments.of(
            "label missing",
            job().selector("tier", "edge").build(),
            node("a").build(),
            "label tier=edge does not match"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void labels(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new LabelSelectorFilter(), job, node, EMPTY, expected);
  }

  static Stream<Arguments> sitePower() {
    return Stream.of(
        Arguments.of("no cap", job().gpus(2, 0).build(), node("a").drawW(5000).build(), null),
        Arguments.of(
            "no GPUs asked",
            job().gpus(0, 0).build(),
            node("a").capKw(0.1).drawW(500).build(),
            null),
        Arguments.of(
            "idle node, two 72 W GPUs under a 0.2 kW cap",
            job().gpus(2, 0).build(),
            node("a").capKw(0.2).build(),
            null),
        Arguments.of(
            "exactly at the cap passes",
            job().gpus(1, 0).build(),
            node("a").capKw(0.2).drawW(128).build(),
            null),
        Arguments.of(
            "measured draw pushes it over",
            job().gpus(1, 0).build(),
            node("a").capKw(0.2).drawW(150).build(),
            "site power 0.22 kW would exceed cap 0.2 kW"),
        Arguments.of(
            "allocated GPUs count even when not drawing yet",
            job().gpus(1, 0).build(),
            node("a").gpus(4, "H100", 81_920, 700).allocated(0, 1).capKw(2).build(),
            "site power 2.1 kW would exceed cap 2 kW"),
        Arguments.of(
            "default power for a GPU that reports none",
            job().gpus(2, 0).build(),
            node("a")
                .gpu("NVIDIA A100-SXM4-80GB", 81_920, 0)
                .gpu("NVIDIA A100-SXM4-80GB", 81_920, 0)
                .capKw(0.5)
                .build(),
            "site power 0.8 kW would exceed cap 0.5 kW"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void sitePower(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new SitePowerFilter(GpuPowerModel.defaults()), job, node, EMPTY, expected);
  }
}
