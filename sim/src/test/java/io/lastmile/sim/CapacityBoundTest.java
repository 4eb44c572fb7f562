package io.lastmile.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.policy.LastmileDefaults;
import io.lastmile.sim.policy.Policies;
import io.lastmile.sim.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityBoundTest {
  private static final Duration MARGIN = Duration.ofMinutes(5);

  private static CapacityBound.Result bound(TinyWorld w, Duration slack) {
    return CapacityBound.of(w.jobs(), w.fleet, w.accounting, MARGIN, slack, List.of());
  }

  @Test
  void secondDeferrableJobTakesTheNextCheapestSlotWhenTheCheapHourIsFull() {
    // CHEAP costs 10 USD/MWh in hour 2, 50 otherwise; DEAR 100. One GPU per site, 1 kW.
    TinyWorld w = new TinyWorld(h -> 100, h -> h == 2 ? 10 : 50);
    w.job(JobClass.DEFERRABLE, "0M", "1H").job(JobClass.DEFERRABLE, "0M", "1H");

    CapacityBound.Result r = bound(w, Duration.ZERO);

    assertThat(r.cost()).isCloseTo(0.010 + 0.050, within(1e-12));
    assertThat(r.siteWh()).isCloseTo(2000, within(1e-9));
    assertThat(r.unplacedMs()).isZero();
  }

  @Test
  void latencyCriticalWorkStaysWithinItsRoundTripBound() {
    // Only DEAR (region near) is within 50 ms of the jobs' origin; two 30-minute jobs at once
    // share its one GPU for the hour, fractionally. Deferrable work goes to CHEAP.
    TinyWorld w = new TinyWorld(h -> 100, h -> 1);
    w.job(JobClass.LATENCY_CRITICAL, "0M", "30M").job(JobClass.LATENCY_CRITICAL, "0M", "30M");
    w.job(JobClass.DEFERRABLE, "0M", "1H");

    CapacityBound.Result r = bound(w, Duration.ZERO);

    assertThat(r.cost()).isCloseTo(0.101, within(1e-12));
    assertThat(r.costByClass()[JobClass.LATENCY_CRITICAL.ordinal()])
        .isCloseTo(0.100, within(1e-12));
    assertThat(r.costByClass()[JobClass.DEFERRABLE.ordinal()]).isCloseTo(0.001, within(1e-12));
  }

  @Test
  void latencyCriticalWorkSplitsExactlyAcrossTheHoursItsRunTouches() {
    // 40 minutes from 00:40: 20 minutes at 100 USD/MWh, 20 at 40.
    TinyWorld w = new TinyWorld(h -> h == 0 ? 100 : 40, h -> 1);
    w.job(JobClass.LATENCY_CRITICAL, "40M", "40M");

    assertThat(bound(w, Duration.ZERO).cost()).isCloseTo((100 + 40) / 3.0 * 1e-3, within(1e-12));
  }

  @Test
  void interruptibleSlackLetsWorkWaitForACheapHour() {
    TinyWorld w = new TinyWorld(h -> 100, h -> h == 2 ? 10 : 50);
    w.job(JobClass.INTERRUPTIBLE, "0M", "1H");

    assertThat(bound(w, Duration.ZERO).cost()).isCloseTo(0.050, within(1e-12));
    assertThat(bound(w, Duration.ofHours(2)).cost()).isCloseTo(0.010, within(1e-12));
  }

  @Test
  void workThatFitsNowhereLeavesNoBoundAndSaysHowMuch() {
    TinyWorld w = new TinyWorld(h -> 100, h -> 1);
    for (int i = 0; i < 3; i++) {
      w.job(JobClass.LATENCY_CRITICAL, "0M", "1H");
    }

    CapacityBound.Result r = bound(w, Duration.ZERO);

    assertThat(r.cost()).isNaN();
    assertThat(r.unplacedMs()).isEqualTo(Duration.ofHours(2).toMillis());
  }

  @Test
  void boundIsAtMostTheCostOfEveryPolicyThatKeepsTheLatencyBounds() {
    TinyWorld w = new TinyWorld(h -> 60 + 40 * Math.sin(h / 3.0), h -> 50 + 45 * Math.cos(h / 4.0));
    String[] runs = {"20M", "1H", "45M", "2H", "90M"};
    JobClass[] classes = {JobClass.LATENCY_CRITICAL, JobClass.DEFERRABLE, JobClass.INTERRUPTIBLE};
    for (int i = 0; i < 30; i++) {
      w.job(classes[i % 3], (i * 17) + "M", runs[i % 5]);
    }
    List<Policy> policies = Policies.all(LastmileDefaults.load());
    List<Simulation.Run> results = new ArrayList<>();
    for (Policy p : policies) {
      results.add(w.run(p));
    }

    CapacityBound.Result bound =
        CapacityBound.of(w.jobs(), w.fleet, w.accounting, MARGIN, Duration.ZERO, results);

    assertThat(bound.cost()).isPositive();
    for (int i = 0; i < policies.size(); i++) {
      if (policies.get(i).honoursLatencyBounds()) {
        assertThat(bound.cost())
            .as(policies.get(i).name())
            .isLessThanOrEqualTo(Summary.of(results.get(i), w.jobs(), 2).cost() + 1e-9);
      }
    }
  }
}
