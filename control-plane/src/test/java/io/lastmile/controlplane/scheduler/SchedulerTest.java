package io.lastmile.controlplane.scheduler;

import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.LatencyMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private static final LatencyMap LATENCY =
      Fixtures.latency("id-jkt", "sg-sin", 12, "id-jkt", "de-fra", 182, "sg-sin", "de-fra", 160);

  @Test
  void pendingExplanationCountsEveryNodeUnderItsFirstReason() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100),
            node("sg-1").allocated(0, 1).build(),
            node("sg-2").condition(NodeCondition.NOT_READY).build(),
            node("sg-3").gpu("L4", 24_576, 20_000).gpu("L4", 24_576, 0).allocated(1).build(),
            node("de-1").in("de-fra").build(),
            node("de-2").in("de-fra").condition(NodeCondition.NOT_READY).build());

    Decision d =
        Fixtures.scheduler(1, 1, 0).decide(job().gpus(1, 16_384).from("id-jkt", 30).build(), view);

    assertThat(d).isInstanceOf(Decision.Unschedulable.class);
    assertThat(d.summary())
        .isEqualTo(
            "0/5 nodes can host the job: 0 free GPUs, 1 requested (1 node);"
                + " free GPUs have at most 4576 MiB, 16384 MiB requested (1 node);"
                + " not ready (1 node);"
                + " round trip from id-jkt 182 ms over bound 30 ms (2 nodes, closest shown)");
  }

  @Test
  void cordonWithinTheBoundComesBeforeTheMoreFrequentRoundTrip() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100),
            node("sg-1").condition(NodeCondition.CORDONED).build(),
            node("de-1").in("de-fra").build(),
            node("de-2").in("de-fra").build(),
            node("de-3").in("de-fra").build());

    Decision.Unschedulable d =
        (Decision.Unschedulable)
            Fixtures.scheduler(1, 1, 0).decide(job().from("id-jkt", 30).build(), view);

    assertThat(d.rejections())
        .extracting(RejectionCount::reason, RejectionCount::nodes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(RejectReason.NODE_CORDONED, 1),
            org.assertj.core.groups.Tuple.tuple(RejectReason.ROUND_TRIP_OVER_BOUND, 3));
  }

  @Test
  void withinOneStageTheMoreFrequentReasonComesFirst() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100),
            node("sg-1").condition(NodeCondition.CORDONED).build(),
            node("sg-2").condition(NodeCondition.NOT_READY).build(),
            node("sg-3").condition(NodeCondition.NOT_READY).build());

    Decision.Unschedulable d =
        (Decision.Unschedulable) Fixtures.scheduler(1, 1, 0).decide(job().build(), view);

    assertThat(d.rejections())
        .extracting(RejectionCount::reason)
        .containsExactly(RejectReason.NODE_NOT_READY, RejectReason.NODE_CORDONED);
  }

  @Test
  void placementKeepsTopCandidatesWithRawNormalisedAndWeight() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100, "DE", 50),
            node("sg-1").build(),
            node("de-1").in("de-fra").build());

    Decision.Placed placed =
        (Decision.Placed) Fixtures.scheduler(1, 2, 0).decide(job().origin("id-jkt").build(), view);

    assertThat(placed.node().id()).isEqualTo("de-1");
    assertThat(placed.gpuIndices()).containsExactly(0);
    assertThat(placed.feasibleNodes()).isEqualTo(2);
    assertThat(placed.top()).extracting(CandidateScore::nodeId).containsExactly("de-1", "sg-1");
    CandidateScore best = placed.top().get(0);
    assertThat(best.total()).isCloseTo(2.0, within(1e-12));
    assertThat(best.parts())
        .containsExactly(
            new CandidateScore.Component("round-trip", 182, "ms", 0, 1),
            new CandidateScore.Component("energy-cost", 0.0036, "EUR", 1, 2),
            new CandidateScore.Component("gpu-packing", 0.5, "GPU fraction in use", 1, 0));
    assertThat(placed.summary())
        .isEqualTo(
            "placed on de-1 (de-fra), best of 2 feasible out of 2 nodes: round-trip 182 ms,"
                + " energy-cost 0.0036 EUR, gpu-packing 0.5 GPU fraction in use");
  }

  @Test
  void jobWeightsOverrideClassDefaults() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100, "DE", 50),
            node("sg-1").build(),
            node("de-1").in("de-fra").build());
    SchedulingRequest latencyFirst =
        new SchedulingRequest("j", job().origin("id-jkt").spec(), Map.of("energy-cost", 0.5), null);

    Decision.Placed placed =
        (Decision.Placed) Fixtures.scheduler(1, 2, 0).decide(latencyFirst, view);

    assertThat(placed.node().id()).isEqualTo("sg-1");
  }

  @Test
  void tiesGoToTheLowerNodeId() {
    ClusterView view =
        Fixtures.view(
            LATENCY, Fixtures.flatPrices("SG", 100), node("sg-b").build(), node("sg-a").build());

    Decision.Placed placed =
        (Decision.Placed) Fixtures.scheduler(1, 1, 1).decide(job().build(), view);

    assertThat(placed.node().id()).isEqualTo("sg-a");
  }

  @Test
  void binPacksByDefaultAndSpreadsWhenTheJobAsks() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 100),
            node("empty").gpus(4, "L4", 24_576, 72).build(),
            node("busy").gpus(4, "L4", 24_576, 72).allocated(0, 1).build());
    Scheduler scheduler = Fixtures.scheduler(0, 0, 1);
    SchedulingRequest spread =
        new SchedulingRequest("j", job().spec(), Map.of(), PackingPolicy.SPREAD);

    assertThat(((Decision.Placed) scheduler.decide(job().build(), view)).node().id())
        .isEqualTo("busy");
    assertThat(((Decision.Placed) scheduler.decide(spread, view)).node().id()).isEqualTo("empty");
  }

  @Test
  void unknownPriceRanksLastButStillPlaces() {
    ClusterView view =
        Fixtures.view(
            LATENCY,
            Fixtures.flatPrices("SG", 300),
            node("de-1").in("de-fra").build(),
            node("sg-1").build());

    Decision.Placed placed =
        (Decision.Placed) Fixtures.scheduler(0, 1, 0).decide(job().build(), view);

    assertThat(placed.node().id()).isEqualTo("sg-1");
    assertThat(placed.summary())
        .endsWith("energy-cost 0.0216 EUR, gpu-packing 0.5 GPU fraction in use");
    assertThat(placed.top().get(1).parts().get(1).raw()).isNaN();
  }

  @Test
  void viewWithAnUpdatedNodeSeesTheReservation() {
    ClusterView view = Fixtures.view(LATENCY, Fixtures.flatPrices("SG", 100), node("sg-1").build());
    NodeSnapshot reserved = view.node("sg-1").orElseThrow().withAllocation(List.of(0, 1), 0, 0);

    Decision d = Fixtures.scheduler(1, 1, 1).decide(job().build(), view.withNode(reserved));

    assertThat(d.summary())
        .isEqualTo("0/1 nodes can host the job: 0 free GPUs, 1 requested (1 node)");
  }

  @Test
  void refusesJobWeightsForUnknownScorersOrNegativeValues() {
    assertThatThrownBy(
            () ->
                Fixtures.scheduler(1, 1, 1)
                    .validateOverrides(Map.of("speed", 1.0, "round-trip", -1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "weight for job names unknown scorer 'speed' (known: [round-trip, energy-cost, gpu-packing])")
        .hasMessageContaining("weight job.round-trip must be a finite number >= 0, got -1.0");
  }

  @Test
  void refusesAClassWithoutPositiveWeightAtStartUp() {
    assertThatThrownBy(() -> Fixtures.scheduler(0, 0, 0))
        .hasMessageContaining("class LATENCY_CRITICAL has no positive scorer weight");
  }

  @Test
  void classWeightsReplaceDefaultsScorerByScorer() {
    ScoreWeights w =
        ScoreWeights.of(
            Map.of("round-trip", 1.0, "energy-cost", 1.0),
            Map.of(
                io.lastmile.controlplane.domain.JobClass.DEFERRABLE, Map.of("energy-cost", 3.0)));

    assertThat(w.weight(io.lastmile.controlplane.domain.JobClass.DEFERRABLE, "energy-cost"))
        .isEqualTo(3.0);
    assertThat(w.weight(io.lastmile.controlplane.domain.JobClass.DEFERRABLE, "round-trip"))
        .isEqualTo(1.0);
    assertThat(w.weight(io.lastmile.controlplane.domain.JobClass.STANDARD, "energy-cost"))
        .isEqualTo(1.0);
  }

  @Test
  void noNodesMeansNoNodeIsRegistered() {
    ClusterView view = Fixtures.view(LATENCY, Fixtures.flatPrices());

    assertThat(Fixtures.scheduler(1, 1, 1).decide(job().build(), view).summary())
        .isEqualTo("0/0 nodes can host the job: no node is registered");
  }
}
