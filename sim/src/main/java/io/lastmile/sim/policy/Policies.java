package io.lastmile.sim.policy;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.EnergyHistory;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.ScoreWeights;
import io.lastmile.controlplane.scheduler.StandardChain;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import java.util.List;
import java.util.Map;

/**
 * The policies compared: three baselines expressed as the control plane's scheduler with other
 * filters or weights (or, for rotation, its filters alone) and Lastmile's defaults.
 */
public final class Policies {
  private static final GpuPowerModel POWER = GpuPowerModel.defaults();

  private Policies() {}

  /** Nearest region, round robin, cheapest region, Lastmile; fresh instances (they keep state). */
  public static List<Policy> all(LastmileDefaults defaults) {
    return List.of(nearest(), roundRobin(), cheapest(), lastmile(defaults));
  }

  /** Round trip alone decides, within the bound; ties (same region) go to the lower node id. */
  public static Policy nearest() {
    Scheduler s = scheduler(true, ScoreWeights.uniform(Map.of("round-trip", 1.0)));
    return new ScoredPolicy(
        "nearest",
        "the nearest region with a free GPU (round-trip weight only, bound kept)",
        true,
        s,
        new PreemptionPlanner(s, POWER),
        null,
        null);
  }

  /** Rotation over the nodes, ignoring round trips. */
  public static Policy roundRobin() {
    Scheduler s = scheduler(false, ScoreWeights.uniform(Map.of("round-trip", 1.0)));
    return new RoundRobinPolicy(s, new PreemptionPlanner(s, POWER), false);
  }

  /** Expected energy cost alone decides, ignoring round trips. */
  public static Policy cheapest() {
    Scheduler s = scheduler(false, ScoreWeights.uniform(Map.of("energy-cost", 1.0)));
    return new ScoredPolicy(
        "cheapest",
        "the region with the cheapest expected energy now (energy-cost weight only, round-trip"
            + " bound ignored)",
        false,
        s,
        new PreemptionPlanner(s, POWER),
        null,
        null);
  }

  /** The control plane as configured by default: every filter, default weights, deferral. */
  public static Policy lastmile(LastmileDefaults d) {
    Scheduler s =
        new Scheduler(
            StandardChain.filters(POWER),
            StandardChain.scorers(energy(), d.packing()),
            ScoreWeights.of(d.weights(), d.classWeights()));
    return new ScoredPolicy(
        "lastmile",
        ("Lastmile's defaults: weights %s, per class %s, deferral min-saving %s, deadline margin"
                + " %s, window share %s, interruptible wait min-saving %s, max-wait %s")
            .formatted(
                d.weights(),
                d.classWeights(),
                d.minSaving(),
                d.deadlineMargin(),
                d.windowShare(),
                d.waitMinSaving(),
                d.waitMax()),
        true,
        s,
        new PreemptionPlanner(s, POWER),
        new DeferralPolicy(d.minSaving(), d.deadlineMargin(), d.windowShare(), energy()),
        new CheapGpuWait(d.waitMinSaving(), d.waitMax(), energy()));
  }

  private static Scheduler scheduler(boolean roundTrip, ScoreWeights weights) {
    return new Scheduler(
        StandardChain.filters(POWER, roundTrip),
        StandardChain.scorers(energy(), PackingPolicy.BIN_PACK),
        weights);
  }

  private static EnergyEstimator energy() {
    return new EnergyEstimator(POWER, EnergyHistory.none());
  }
}
