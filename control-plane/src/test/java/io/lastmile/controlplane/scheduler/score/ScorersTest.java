package io.lastmile.controlplane.scheduler.score;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.EnergyHistory;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScorersTest {
  private static final PriceBook PRICES =
      Fixtures.flatPrices("SG", 100, "DE", 50)
          .with(
              List.of(
                  PricePoint.forecast("ID", NOW, 100, "EUR"),
                  PricePoint.forecast("ID", NOW.plus(Duration.ofHours(1)), 40, "EUR")));
  private static final ClusterView CLUSTER =
      new ClusterView(
          List.of(), Fixtures.latency("id-jkt", "sg-sin", 12).withRegion("au-syd"), NOW, PRICES);
  private static final EnergyHistory HISTORY =
      spec -> spec.name().equals("known") ? OptionalDouble.of(500) : OptionalDouble.empty();
  private static final EnergyCostScorer ENERGY =
      new EnergyCostScorer(new EnergyEstimator(GpuPowerModel.defaults(), HISTORY));

  static Stream<Arguments> energyCost() {
    return Stream.of(
        Arguments.of(
            "72 W for 1 h at PUE 1.2 and 100 EUR/MWh",
            job().build(),
            node("a").pue(1.2).build(),
            0.00864),
        Arguments.of("cheaper zone", job().build(), node("a").in("de-fra").build(), 0.0036),
        Arguments.of(
            "two GPUs cost twice",
            job().gpus(2, 0).build(),
            node("a").in("de-fra").build(),
            0.0072),
        Arguments.of(
            "measured history replaces nameplate estimate",
            job().name("known").build(),
            node("a").pue(1.2).build(),
            0.06),
        Arguments.of(
            "window over a price drop: 60 min at 100, 30 min at 40",
            job().runs(Duration.ofMinutes(90)).build(),
            node("a").in("id-jkt").build(),
            0.00864),
        Arguments.of(
            "default power for a GPU that reports none (A100 400 W)",
            job().build(),
            node("a").in("de-fra").gpu("A100", 81_920, 0).build(),
            0.02),
        Arguments.of("no GPUs, no cost", job().gpus(0, 0).build(), node("a").build(), 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void energyCost(String name, SchedulingRequest job, NodeSnapshot node, double expectedEur) {
    assertThat(ENERGY.prepare(job, CLUSTER).raw(node)).isCloseTo(expectedEur, within(1e-12));
  }

  @Test
  void energyCostIsUnknownWithoutPricesForTheZone() {
    assertThat(ENERGY.prepare(job().build(), CLUSTER).raw(node("a").in("au-syd").build())).isNaN();
  }

  @Test
  void energyCostUnitIsTheBookCurrency() {
    assertThat(ENERGY.unit(CLUSTER)).isEqualTo("EUR");
    assertThat(ENERGY.lowerIsBetter()).isTrue();
  }

  static Stream<Arguments> roundTrip() {
    return Stream.of(
        Arguments.of("no origin", job().build(), node("a").build(), 0.0),
        Arguments.of("known pair", job().origin("id-jkt").build(), node("a").build(), 12.0),
        Arguments.of("same region", job().origin("sg-sin").build(), node("a").build(), 0.0),
        Arguments.of(
            "unknown pair ranks as far away",
            job().origin("id-jkt").build(),
            node("a").in("au-syd").build(),
            10_000.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void roundTrip(String name, SchedulingRequest job, NodeSnapshot node, double expectedMs) {
    assertThat(new RoundTripScorer().prepare(job, CLUSTER).raw(node)).isEqualTo(expectedMs);
  }

  static Stream<Arguments> packing() {
    return Stream.of(
        Arguments.of("empty 2-GPU node, 1 asked", node("a").build(), 1, 0.5),
        Arguments.of("half full, 1 asked", node("a").allocated(0).build(), 1, 1.0),
        Arguments.of(
            "4-GPU node, 1 used, 2 asked",
            node("a").gpus(4, "L4", 24_576, 72).allocated(3).build(),
            2,
            0.75),
        Arguments.of("no GPUs", node("a").gpus(0, "L4", 0, 0).build(), 1, 0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void packing(String name, NodeSnapshot node, int gpus, double expected) {
    assertThat(new GpuPackingScorer().prepare(job().gpus(gpus, 0).build(), CLUSTER).raw(node))
        .isEqualTo(expected);
  }

  @Test
  void packingDirectionFollowsPolicyAndTheJobsOwnChoice() {
    SchedulingRequest plain = job().build();
    SchedulingRequest spreads =
        new SchedulingRequest("j", plain.spec(), Map.of(), PackingPolicy.SPREAD);

    assertThat(new GpuPackingScorer().lowerIsBetter(plain)).isFalse();
    assertThat(new GpuPackingScorer().lowerIsBetter(spreads)).isTrue();
    assertThat(new GpuPackingScorer(PackingPolicy.SPREAD).lowerIsBetter(plain)).isTrue();
  }
}
