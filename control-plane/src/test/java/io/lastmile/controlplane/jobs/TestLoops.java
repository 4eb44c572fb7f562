package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Scheduling loops on one region (de-fra, DE-LU at 80 EUR/MWh) whose decisions a test controls. */
final class TestLoops {
  private TestLoops() {}

  static SchedulingLoop loop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      PlacementStages.Decider decider,
      Clock clock) {
    return new SchedulingLoop(
        control,
        cluster,
        scheduler,
        decider,
        new DeferralPolicy(0.1, Duration.ofMinutes(10), Fixtures.ENERGY),
        new CheapGpuWait(0.1, Duration.ZERO, Fixtures.ENERGY),
        new PreemptionPlanner(scheduler, GpuPowerModel.defaults()),
        () -> Fixtures.latency("de-fra", "de-fra", 1),
        () -> Fixtures.flatPrices("DE-LU", 80),
        clock,
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        new LastmileMeters(new SimpleMeterRegistry(), List.of(), "EUR"));
  }
}
