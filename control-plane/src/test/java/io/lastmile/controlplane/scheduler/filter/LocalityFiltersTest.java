package io.lastmile.controlplane.scheduler.filter;

import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static io.lastmile.controlplane.scheduler.filter.FilterTables.assertVerdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LocalityFiltersTest {
  private static final ClusterView CLUSTER =
      new ClusterView(
          List.of(),
          Fixtures.latency("id-jkt", "sg-sin", 12, "id-jkt", "de-fra", 182.5).withRegion("au-syd"),
          Fixtures.NOW);

  static Stream<Arguments> roundTrip() {
    return Stream.of(
        Arguments.of(
            "no bound", job().origin("id-jkt").build(), node("a").in("de-fra").build(), null),
        Arguments.of(
            "same region", job().from("id-jkt", 1).build(), node("a").in("id-jkt").build(), null),
        Arguments.of(
            "within bound", job().from("id-jkt", 30).build(), node("a").in("sg-sin").build(), null),
        Arguments.of(
            "exactly the bound",
            job().from("id-jkt", 12).build(),
            node("a").in("sg-sin").build(),
            null),
        Arguments.of(
            "over bound",
            job().from("id-jkt", 30).build(),
            node("a").in("de-fra").build(),
            "round trip from id-jkt 182.5 ms over bound 30 ms"),
        Arguments.of(
            "unknown pair never passes",
            job().from("id-jkt", 500).build(),
            node("a").in("au-syd").build(),
            "round trip from id-jkt unknown"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void roundTrip(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new RoundTripFilter(), job, node, CLUSTER, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roundTrip")
  void roundTripPerLocalityGivesTheVerdictOfItsNodes(
      String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    ClusterView view = new ClusterView(List.of(node), CLUSTER.latency(), Fixtures.NOW);
    RoundTripFilter filter = new RoundTripFilter();

    Rejection perLocality = filter.prepareLocalities(job, view).check(0, node);

    assertThat(perLocality).isEqualTo(filter.prepare(job, view).check(node));
    assertThat(perLocality == null ? null : perLocality.describe()).isEqualTo(expected);
  }

  static Stream<Arguments> jurisdiction() {
    return Stream.of(
        Arguments.of("no restriction", job().build(), node("a").in("de-fra").build(), null),
        Arguments.of(
            "allowed", job().within("DE", "FR").build(), node("a").in("de-fra").build(), null),
        Arguments.of(
            "not allowed",
            job().within("SG").build(),
            node("a").in("de-fra").build(),
            "jurisdiction DE not allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void jurisdiction(String name, SchedulingRequest job, NodeSnapshot node, String expected) {
    assertVerdict(new JurisdictionFilter(), job, node, CLUSTER, expected);
  }

  @Test
  void roundTripRejectionCarriesMeasuredAndBoundNumbers() {
    Rejection r =
        new RoundTripFilter()
            .prepare(job().from("id-jkt", 30).build(), CLUSTER)
            .check(node("a").in("de-fra").build());

    assertThat(r).isEqualTo(new Rejection(RejectReason.ROUND_TRIP_OVER_BOUND, 182.5, 30, "id-jkt"));
  }

  @Test
  void locationFiltersDeclareLocalityScope() {
    assertThat(new RoundTripFilter()).isInstanceOf(LocalityFilter.class);
    assertThat(new JurisdictionFilter()).isInstanceOf(LocalityFilter.class);
    assertThat(new GpuFitFilter()).isNotInstanceOf(LocalityFilter.class);
  }
}
