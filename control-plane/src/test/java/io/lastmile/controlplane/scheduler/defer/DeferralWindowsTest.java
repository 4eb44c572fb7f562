package io.lastmile.controlplane.scheduler.defer;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Deferral with room: windows already full of deferred jobs send the next job elsewhere. */
class DeferralWindowsTest {
  private static final NodeInfo DE = node("de-1").in("de-fra").build().info();
  private static final Instant AT_13 = Instant.parse("2025-03-01T13:00:00Z");
  private static final Instant AT_15 = Instant.parse("2025-03-01T15:00:00Z");

  /** 100 EUR/MWh for a day from 10:00, except 10 at 13:00 and 40 at 15:00. */
  private static final PriceBook PRICES = prices();

  private static final JobSpec SPEC =
      job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(12))).spec();

  private static PriceBook prices() {
    List<PricePoint> points = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      Instant hour = NOW.plus(Duration.ofHours(h));
      double p = hour.equals(AT_13) ? 10 : hour.equals(AT_15) ? 40 : 100;
      points.add(PricePoint.forecast("DE", hour, p, "EUR"));
    }
    return PriceBook.empty("EUR").with(points);
  }

  private static DeferralPolicy policy(double share) {
    return new DeferralPolicy(0.15, Duration.ofMinutes(5), share, Fixtures.ENERGY);
  }

  // A zone always has room for one GPU: a share below one GPU still lets a single job wait.
  @ParameterizedTest(name = "share {0}, {1} of {2} GPUs waiting at 13:00: starts {3}")
  @CsvSource({
    "1.0,  3, 4, 2025-03-01T13:00:00Z",
    "1.0,  4, 4, 2025-03-01T15:00:00Z",
    "0.5,  1, 4, 2025-03-01T13:00:00Z",
    "0.5,  2, 4, 2025-03-01T15:00:00Z",
    "0.5,  3, 8, 2025-03-01T13:00:00Z",
    "0.25, 1, 4, 2025-03-01T15:00:00Z",
    "0.25, 0, 3, 2025-03-01T13:00:00Z",
    "0.25, 1, 3, 2025-03-01T15:00:00Z",
    "0.5,  0, 1, 2025-03-01T13:00:00Z",
    "0.5,  1, 1, 2025-03-01T15:00:00Z",
    "0.5, 10, 0, 2025-03-01T13:00:00Z"
  })
  void aJobTakesTheCheapestWindowWithRoomLeft(
      double share, int waiting, int zoneGpus, Instant expected) {
    DeferralPolicy policy = policy(share);
    for (int i = 0; i < waiting; i++) {
      policy.decide("early-" + i, SPEC, DE, 1000, PRICES, NOW);
    }

    Deferral d = policy.decide("late", SPEC, DE, zoneGpus, PRICES, NOW);

    Instant start = d instanceof Deferral.WaitUntil w ? w.startAt() : NOW;
    assertThat(start).isEqualTo(expected);
  }

  @Test
  void aJobPassedOverAFullWindowSaysSo() {
    DeferralPolicy policy = policy(0.5);
    policy.decide("a", SPEC, DE, 4, PRICES, NOW);
    policy.decide("b", SPEC, DE, 4, PRICES, NOW);

    Deferral d = policy.decide("c", SPEC, DE, 4, PRICES, NOW);

    assertThat(d.reason())
        .isEqualTo(
            "waits until 2025-03-01T15:00:00Z: 40.00 EUR/MWh in DE instead of 100.00 now saves"
                + " 60%; deadline 2025-03-01T22:00:00Z; the cheaper window at"
                + " 2025-03-01T13:00:00Z is full (deferred jobs may hold 2 GPUs of DE in an"
                + " hour)");
    assertThat(policy.waiting()).isEqualTo(3);
  }

  @Test
  void aJobWhoseEveryCheaperWindowIsFullStartsNowAndSaysWhy() {
    DeferralPolicy policy = policy(0.25);
    policy.decide("a", SPEC, DE, 4, PRICES, NOW);
    JobSpec beforeThree =
        job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(4))).spec();

    Deferral d = policy.decide("b", beforeThree, DE, 4, PRICES, NOW);

    assertThat(d)
        .isEqualTo(
            new Deferral.StartNow(
                "starts now: no cheaper window in DE before 2025-03-01T13:55:00Z (100.00 EUR/MWh"
                    + " now); the cheaper window at 2025-03-01T13:00:00Z is full (deferred jobs"
                    + " may hold 1 GPU of DE in an hour)"));
    assertThat(policy.waiting()).isEqualTo(1);
  }

  @Test
  void aJobWhoseZoneIsFullOfStartedDeferredWorkWaitsForTheCheapestWindowWithRoom() {
    DeferralPolicy policy = policy(0.5);
    policy.started("a", SPEC, DE, NOW);
    policy.started("b", SPEC, DE, NOW);
    JobSpec soon =
        job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(1))).spec();

    Deferral d = policy.decide("c", SPEC, DE, 4, PRICES, NOW);
    Deferral urgent = policy.decide("d", soon, DE, 4, PRICES, NOW);

    assertThat(d.reason())
        .isEqualTo(
            "waits until 2025-03-01T13:00:00Z: deferred jobs hold the 2 GPUs of DE they may hold"
                + " now; 10.00 EUR/MWh then instead of 100.00 now; deadline"
                + " 2025-03-01T22:00:00Z");
    assertThat(urgent)
        .isEqualTo(
            new Deferral.StartNow(
                "starts now: deferred jobs hold the 2 GPUs of DE they may hold in every window"
                    + " before 2025-03-01T10:55:00Z"));
  }

  @Test
  void aStartedJobStopsHoldingRoomAfterItsExpectedRun() {
    DeferralPolicy policy = policy(0.25);
    policy.started("a", SPEC, DE, NOW);
    Instant eleven = NOW.plus(Duration.ofHours(1));
    JobSpec soon =
        job().jobClass(JobClass.DEFERRABLE).deadline(eleven.plus(Duration.ofMinutes(30))).spec();

    Deferral d = policy.decide("b", soon, DE, 4, PRICES, eleven);

    assertThat(d.reason())
        .isEqualTo(
            "starts now: no cheaper window in DE before 2025-03-01T11:25:00Z (100.00 EUR/MWh"
                + " now)");
    assertThat(policy.waiting()).isZero();
  }

  @Test
  void aReleasedWindowIsFreeAgain() {
    DeferralPolicy policy = policy(0.25);
    policy.decide("a", SPEC, DE, 4, PRICES, NOW);

    policy.release("a");
    Deferral d = policy.decide("b", SPEC, DE, 4, PRICES, NOW);

    assertThat(((Deferral.WaitUntil) d).startAt()).isEqualTo(AT_13);
    assertThat(policy.waiting()).isEqualTo(1);
  }

  @Test
  void aJobWeighedAgainDoesNotCountItsOwnWindow() {
    DeferralPolicy policy = policy(0.25);
    policy.decide("a", SPEC, DE, 4, PRICES, NOW);

    Deferral again = policy.decide("a", SPEC, DE, 4, PRICES, NOW.plus(Duration.ofMinutes(30)));

    assertThat(((Deferral.WaitUntil) again).startAt()).isEqualTo(AT_13);
    assertThat(policy.waiting()).isEqualTo(1);
  }

  @Test
  void aJobStartingNowHoldsNoWindow() {
    DeferralPolicy policy = policy(0.25);
    policy.decide("a", SPEC, DE, 4, PRICES, NOW);

    Deferral atItsHour = policy.decide("a", SPEC, DE, 4, PRICES, AT_13);

    assertThat(atItsHour).isInstanceOf(Deferral.StartNow.class);
    assertThat(policy.waiting()).isZero();
  }

  @Test
  void windowShareOutsideZeroToOneIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> policy(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lastmile.scheduler.deferral.window-share must be in (0, 1], got 0.0");
    assertThatThrownBy(() -> policy(1.5))
        .hasMessage("lastmile.scheduler.deferral.window-share must be in (0, 1], got 1.5");
  }
}
