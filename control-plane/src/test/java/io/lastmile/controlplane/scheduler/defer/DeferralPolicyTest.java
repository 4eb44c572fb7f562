package io.lastmile.controlplane.scheduler.defer;

import static io.lastmile.controlplane.scheduler.Fixtures.NOW;
import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.scheduler.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeferralPolicyTest {
  private static final NodeInfo DE = node("de-1").in("de-fra").build().info();
  private final DeferralPolicy policy =
      new DeferralPolicy(0.15, Duration.ofMinutes(5), Fixtures.ENERGY);

  /** 100 EUR/MWh for {@code hours} hours from now, except {@code cheapPrice} at hour {@code at}. */
  private static PriceBook prices(int hours, int at, double cheapPrice) {
    List<PricePoint> points = new ArrayList<>();
    for (int h = 0; h < hours; h++) {
      points.add(
          PricePoint.forecast(
              "DE", NOW.plus(Duration.ofHours(h)), h == at ? cheapPrice : 100, "EUR"));
    }
    return PriceBook.empty("EUR").with(points);
  }

  @Test
  void startsNowWhenNotDeferrable() {
    assertThat(policy.decide(job().spec(), DE, prices(24, 3, 10), NOW))
        .isEqualTo(new Deferral.StartNow("starts now: not deferrable"));
  }

  @Test
  void neverWaitsForAWindowAfterTheDeadline() {
    var spec = job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(3))).spec();

    assertThat(policy.decide(spec, DE, prices(24, 5, 10), NOW))
        .isInstanceOf(Deferral.StartNow.class);
  }

  @Test
  void startsAtOnceWhenTheDeadlineLessMarginHasPassed() {
    var spec = job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofMinutes(4))).spec();

    assertThat(policy.decide(spec, DE, prices(24, 1, 10), NOW).reason())
        .isEqualTo("starts now: its deadline 2025-03-01T10:04:00Z leaves no time to wait");
  }

  @Test
  void smallSavingsBelowTheThresholdDoNotDelay() {
    var spec = job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(12))).spec();

    assertThat(policy.decide(spec, DE, prices(24, 2, 90), NOW).reason())
        .isEqualTo(
            "starts now: waiting until 2025-03-01T12:00:00Z would save 10%, below the 15%"
                + " threshold");
  }

  @Test
  void doesNotWaitOnHoursTheForecastDoesNotCover() {
    var spec =
        job()
            .jobClass(JobClass.DEFERRABLE)
            .deadline(NOW.plus(Duration.ofHours(12)))
            .runs(Duration.ofHours(2))
            .spec();

    // 13:00 is the last forecast hour: a run from 13:00 would rely on a carried-forward price,
    // so the best window the forecast covers is 12:00-14:00 (100 and 10, 55 on average).
    Deferral.WaitUntil d = (Deferral.WaitUntil) policy.decide(spec, DE, prices(4, 3, 10), NOW);

    assertThat(d.startAt()).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
    assertThat(d.savingFraction()).isEqualTo(0.45);
  }

  @Test
  void waitsForTheEarliestOfEquallyCheapWindows() {
    List<PricePoint> points = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      points.add(
          PricePoint.forecast("DE", NOW.plus(Duration.ofHours(h)), h >= 4 ? 20 : 100, "EUR"));
    }
    var spec = job().jobClass(JobClass.DEFERRABLE).deadline(NOW.plus(Duration.ofHours(20))).spec();

    Deferral d = policy.decide(spec, DE, PriceBook.empty("EUR").with(points), NOW);

    assertThat(((Deferral.WaitUntil) d).startAt()).isEqualTo(Instant.parse("2025-03-01T14:00:00Z"));
  }
}
