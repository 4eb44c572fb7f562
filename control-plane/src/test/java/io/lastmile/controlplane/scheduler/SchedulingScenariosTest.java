package io.lastmile.controlplane.scheduler;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** End-to-end behaviour of the scheduler core on small clusters. */
class SchedulingScenariosTest {
  private static final LatencyMap ASIA =
      Fixtures.latency(
          "id-jkt", "sg-sin", 12, "id-jkt", "my-kul", 20, "id-jkt", "de-fra", 182, "sg-sin",
          "my-kul", 8);
  private static final PriceBook PRICES = Fixtures.flatPrices("SG", 120, "MY", 60, "DE", 20);
  private static final ClusterView ASIA_AND_EUROPE =
      Fixtures.view(
          ASIA,
          PRICES,
          node("sg-1").in("sg-sin").build(),
          node("my-1").in("my-kul").build(),
          node("de-1").in("de-fra").build());
  private final Scheduler scheduler = Fixtures.scheduler(0.5, 1.0, 0.1);

  @Test
  void cheapestFeasibleRegionWinsWhenLatencyAllows() {
    Decision d = scheduler.decide(job().from("id-jkt", 50).build(), ASIA_AND_EUROPE);

    Decision.Placed placed = (Decision.Placed) d;
    assertThat(placed.node().id()).isEqualTo("my-1");
    assertThat(placed.feasibleNodes()).isEqualTo(2);
    assertThat(placed.top()).extracting(CandidateScore::nodeId).containsExactly("my-1", "sg-1");
  }

  @Test
  void latencyBoundBeatsPrice() {
    Decision d = scheduler.decide(job().from("id-jkt", 15).build(), ASIA_AND_EUROPE);

    assertThat(((Decision.Placed) d).node().id()).isEqualTo("sg-1");
    assertThat(d.summary())
        .startsWith("placed on sg-1 (sg-sin), best of 1 feasible out of 3 nodes");
  }

  @Test
  void dataNeverLeavesItsJurisdiction() {
    ClusterView indonesiaFull =
        Fixtures.view(
            ASIA,
            PRICES,
            node("id-1").in("id-jkt").allocated(0, 1).build(),
            node("sg-1").in("sg-sin").build(),
            node("de-1").in("de-fra").build());

    Decision d = scheduler.decide(job().origin("id-jkt").within("ID").build(), indonesiaFull);

    assertThat(d.summary())
        .isEqualTo(
            "0/3 nodes can host the job: 0 free GPUs, 1 requested (1 node);"
                + " jurisdiction SG not allowed (2 nodes, closest shown)");
  }

  @Test
  void deferrableJobWaitsForTheCheapHourBeforeItsDeadline() {
    Instant cheap = Instant.parse("2025-03-02T02:00:00Z");
    List<PricePoint> night = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      Instant hour = NOW.plus(Duration.ofHours(h));
      night.add(PricePoint.forecast("DE", hour, hour.equals(cheap) ? 30 : 100, "EUR"));
    }
    PriceBook prices = PriceBook.empty("EUR").with(night);
    JobSpec spec =
        job()
            .jobClass(JobClass.DEFERRABLE)
            .deadline(Instant.parse("2025-03-02T06:00:00Z"))
            .gpus(2, 0)
            .spec();
    DeferralPolicy policy = new DeferralPolicy(0.15, Duration.ofMinutes(5), Fixtures.ENERGY);

    Deferral now = policy.decide(spec, node("de-1").in("de-fra").build().info(), prices, NOW);
    Deferral atCheapHour =
        policy.decide(spec, node("de-1").in("de-fra").build().info(), prices, cheap);

    assertThat(now).isInstanceOf(Deferral.WaitUntil.class);
    Deferral.WaitUntil wait = (Deferral.WaitUntil) now;
    assertThat(wait.startAt()).isEqualTo(cheap);
    assertThat(wait.savingFraction()).isEqualTo(0.7);
    assertThat(wait.savingAmount()).isEqualTo(144 / 1e6 * 70);
    assertThat(wait.reason())
        .isEqualTo(
            "waits until 2025-03-02T02:00:00Z: 30.00 EUR/MWh in DE instead of 100.00 now saves"
                + " 70%; deadline 2025-03-02T06:00:00Z");
    assertThat(atCheapHour).isInstanceOf(Deferral.StartNow.class);
  }

  @Test
  void deferredJobsSpreadOverTheCheapHoursAndEachStartsBeforeItsDeadline() {
    List<PricePoint> evening = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      // 100 EUR/MWh, except 10, 20 and 30 at 13:00, 14:00 and 15:00.
      double p = h >= 3 && h <= 5 ? 10 * (h - 2) : 100;
      evening.add(PricePoint.forecast("DE", NOW.plus(Duration.ofHours(h)), p, "EUR"));
    }
    ClusterView view =
        Fixtures.view(
            ASIA,
            PriceBook.empty("EUR").with(evening),
            node("de-1").in("de-fra").build(),
            node("de-2").in("de-fra").build());
    DeferralPolicy policy = new DeferralPolicy(0.15, Duration.ofMinutes(5), 0.5, Fixtures.ENERGY);
    Instant deadline = NOW.plus(Duration.ofHours(6));
    JobSpec spec = job().jobClass(JobClass.DEFERRABLE).deadline(deadline).spec();
    int zoneGpus = DeferralPolicy.zoneGpus(view, "DE");

    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      Deferral d =
          policy.decide(
              "batch-" + i, spec, view.nodes().get(0).info(), zoneGpus, view.prices(), NOW);
      starts.add(d instanceof Deferral.WaitUntil w ? w.startAt() : NOW);
    }

    assertThat(zoneGpus).isEqualTo(4);
    assertThat(starts)
        .containsExactly(
            Instant.parse("2025-03-01T13:00:00Z"),
            Instant.parse("2025-03-01T13:00:00Z"),
            Instant.parse("2025-03-01T14:00:00Z"),
            Instant.parse("2025-03-01T14:00:00Z"),
            Instant.parse("2025-03-01T15:00:00Z"),
            Instant.parse("2025-03-01T15:00:00Z"),
            NOW);
    assertThat(starts).allMatch(t -> !t.isAfter(deadline.minus(Duration.ofMinutes(5))));
  }

  @Test
  void deferrableJobStillMeetsItsDeadlineWhenPricesNeverFall() {
    List<PricePoint> rising = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      rising.add(PricePoint.forecast("DE", NOW.plus(Duration.ofHours(h)), 50 + h, "EUR"));
    }
    PriceBook prices = PriceBook.empty("EUR").with(rising);
    JobSpec spec =
        job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(8))).spec();
    DeferralPolicy policy = new DeferralPolicy(0.15, Duration.ofMinutes(5), Fixtures.ENERGY);

    Deferral d = policy.decide(spec, node("de-1").in("de-fra").build().info(), prices, NOW);

    assertThat(d)
        .isEqualTo(
            new Deferral.StartNow(
                "starts now: no cheaper window in DE before 2025-03-01T17:55:00Z (50.00 EUR/MWh"
                    + " now)"));
  }

  @Test
  void preemptionStopsTheFewestCheapestInterruptibleAttemptsAndReportsThem() {
    Instant t = NOW.minus(Duration.ofHours(1));
    ClusterView full =
        Fixtures.view(
            ASIA,
            PRICES,
            node("sg-a").gpus(4, "L4", 24_576, 72).allocated(0, 1, 2, 3).build(),
            node("sg-b").allocated(0, 1).build(),
            node("sg-c").allocated(0, 1).build());
    Map<String, List<RunningAttempt>> running =
        Map.of(
            "sg-a",
                List.of(
                    attempt("a1", "sg-a", List.of(0), 5, t),
                    attempt("a2", "sg-a", List.of(1), 1, t),
                    attempt("a3", "sg-a", List.of(2, 3), 3, t)),
            "sg-b", List.of(attempt("b1", "sg-b", List.of(0, 1), 0, t)),
            "sg-c",
                List.of(
                    RunningAttempt.onGpus(
                        "c1", "job-c1", "sg-c", List.of(0, 1), JobClass.STANDARD, 0, t)));
    SchedulingRequest urgent =
        job().jobClass(JobClass.LATENCY_CRITICAL).gpus(2, 0).from("id-jkt", 30).build();

    assertThat(scheduler.decide(urgent, full)).isInstanceOf(Decision.Unschedulable.class);
    Optional<PreemptionPlan> plan =
        new PreemptionPlanner(scheduler, GpuPowerModel.defaults()).plan(urgent, full, running);

    assertThat(plan).isPresent();
    assertThat(plan.get().node().id()).isEqualTo("sg-b");
    assertThat(plan.get().victims()).extracting(RunningAttempt::attemptId).containsExactly("b1");
    assertThat(plan.get().gpuIndices()).containsExactly(0, 1);
    assertThat(plan.get().summary())
        .isEqualTo("preempts 1 interruptible attempt on sg-b (sg-sin): b1 (priority 0)");
  }

  private static RunningAttempt attempt(
      String id, String node, List<Integer> gpus, int priority, Instant started) {
    return RunningAttempt.onGpus(
        id, "job-" + id, node, gpus, JobClass.INTERRUPTIBLE, priority, started);
  }
}
