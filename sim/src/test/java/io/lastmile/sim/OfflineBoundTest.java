package io.lastmile.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.policy.Policies;
import io.lastmile.sim.policy.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OfflineBoundTest {

  @Test
  void boundsAreAtMostEveryPolicysCost() {
    // Prices that move by the hour, so that waiting and moving both matter; capacity is tight.
    TinyWorld w = new TinyWorld(h -> 60 + 40 * Math.sin(h / 3.0), h -> 50 + 45 * Math.cos(h / 4.0));
    String[] runs = {"20M", "1H", "45M", "2H", "90M"};
    for (int i = 0; i < 30; i++) {
      JobClass c = JobClass.values()[i % JobClass.values().length];
      w.job(c == JobClass.STANDARD ? JobClass.INTERRUPTIBLE : c, (i * 17) + "M", runs[i % 5]);
    }
    List<Simulation.Run> results = new ArrayList<>();
    List<Policy> policies = Policies.all(io.lastmile.sim.policy.LastmileDefaults.load());
    for (Policy p : policies) {
      results.add(w.run(p));
    }

    OfflineBound.Result bound =
        OfflineBound.of(w.jobs(), w.fleet, w.accounting, Duration.ofMinutes(5), results);

    for (int i = 0; i < policies.size(); i++) {
      double cost = Summary.of(results.get(i), w.jobs(), 2).cost();
      assertThat(bound.anySite()).as(policies.get(i).name()).isLessThanOrEqualTo(cost + 1e-12);
      if (policies.get(i).honoursLatencyBounds()) {
        assertThat(bound.withinBounds())
            .as(policies.get(i).name())
            .isLessThanOrEqualTo(cost + 1e-12);
      }
    }
    assertThat(bound.anySite()).isLessThanOrEqualTo(bound.withinBounds());
  }

  @Test
  void cheapestStartIsFoundBetweenHourBoundaries() {
    // 100 USD/MWh in hour 0, 10 in hour 1: a 30-minute run is cheapest starting at 01:00.
    TinyWorld w = new TinyWorld(h -> h == 1 ? 10 : 100, h -> 100);
    Site dear = w.fleet.sites().get(0);
    long t0 = TinyWorld.T0.toEpochMilli();
    long half = Duration.ofMinutes(30).toMillis();

    double best = OfflineBound.cheapestStart(w.accounting, dear, 500, t0, t0 + 4 * half, half);

    assertThat(best).isCloseTo(500e-6 * 10, within(1e-12));
  }
}
