package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.data.HourlyPrices;
import io.lastmile.sim.policy.LastmileDefaults;
import io.lastmile.sim.policy.Policies;
import io.lastmile.sim.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * Two sites 100 ms apart: {@code DEAR} in region {@code near}, {@code CHEAP} in region {@code far},
 * one 1,000 W GPU each, PUE 1, prices in USD given per hour of the day from {@link #T0}.
 */
final class TinyWorld {
  static final Instant T0 = Instant.parse("2023-02-01T00:00:00Z");
  static final double WATTS = 1000;

  final Fleet fleet;
  final PriceHorizon horizon;
  final Accounting accounting;
  private final List<SimJob> jobs = new ArrayList<>();

  TinyWorld(IntToDoubleFunction dear, IntToDoubleFunction cheap) {
    this(List.of(new Site("DEAR", "near", 1.0), new Site("CHEAP", "far", 1.0)), dear, cheap);
  }

  TinyWorld(List<Site> sites, IntToDoubleFunction dear, IntToDoubleFunction cheap) {
    fleet =
        new Fleet(
            sites,
            1,
            1,
            "NVIDIA H100",
            WATTS,
            Fleet.latency(List.of("near", "far"), (a, b) -> 100));
    NavigableMap<Instant, Double> d = new TreeMap<>();
    NavigableMap<Instant, Double> c = new TreeMap<>();
    for (int h = -24; h < 24 * 4; h++) {
      d.put(T0.plus(Duration.ofHours(h)), dear.applyAsDouble(h));
      c.put(T0.plus(Duration.ofHours(h)), cheap.applyAsDouble(h));
    }
    HourlyPrices prices =
        new HourlyPrices(Map.of("DEAR", d, "CHEAP", c), Map.of("DEAR", "USD", "CHEAP", "USD"));
    horizon = new PriceHorizon(prices, "USD", Map.of("USD", 1.0), 12);
    accounting = new Accounting(horizon.settled(), WATTS);
  }

  /** Adds a job from {@code near}; bound 50 ms for latency-critical jobs, deadline 12 h. */
  TinyWorld job(JobClass jobClass, String arrivesAfter, String runs) {
    Instant arrival = T0.plus(Duration.parse("PT" + arrivesAfter));
    jobs.add(
        SimJob.of(
            jobs.size(),
            arrival,
            "near",
            jobClass,
            Duration.parse("PT" + runs),
            jobClass == JobClass.DEFERRABLE ? arrival.plus(Duration.ofHours(12)) : null,
            jobClass == JobClass.LATENCY_CRITICAL ? 50 : 0,
            1));
    return this;
  }

  List<SimJob> jobs() {
    return jobs;
  }

  Simulation.Run run(Policy policy) {
    return new Simulation(policy, fleet, horizon, accounting).run(jobs, T0, line -> {});
  }

  static Policy lastmile() {
    return Policies.lastmile(LastmileDefaults.load());
  }
}
