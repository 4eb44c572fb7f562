package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.filter.GpuFitFilter;
import io.lastmile.controlplane.scheduler.filter.HostResourcesFilter;
import io.lastmile.controlplane.scheduler.filter.JurisdictionFilter;
import io.lastmile.controlplane.scheduler.filter.LabelSelectorFilter;
import io.lastmile.controlplane.scheduler.filter.ReadinessFilter;
import io.lastmile.controlplane.scheduler.filter.RoundTripFilter;
import io.lastmile.controlplane.scheduler.filter.SitePowerFilter;
import io.lastmile.controlplane.scheduler.score.EnergyCostScorer;
import io.lastmile.controlplane.scheduler.score.GpuPackingScorer;
import io.lastmile.controlplane.scheduler.score.RoundTripScorer;
import io.lastmile.controlplane.scheduler.score.Scorer;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters and scorers the control plane schedules with, in their order, so that the control
 * plane, the benchmark and the simulator run the same chain.
 */
public final class StandardChain {
  private StandardChain() {}

  /** Every filter, placement constraints first: "too far" explains more than "too full". */
  public static List<Filter> filters(GpuPowerModel power) {
    return filters(power, true);
  }

  /**
   * As {@link #filters(GpuPowerModel)}; without the round-trip filter when {@code roundTrip} is
   * false (for policies that ignore latency bounds, in evaluations).
   */
  public static List<Filter> filters(GpuPowerModel power, boolean roundTrip) {
    List<Filter> out = new ArrayList<>();
    out.add(new ReadinessFilter());
    out.add(new JurisdictionFilter());
    if (roundTrip) {
      out.add(new RoundTripFilter());
    }
    out.add(new LabelSelectorFilter());
    out.add(new GpuFitFilter());
    out.add(new HostResourcesFilter());
    out.add(new SitePowerFilter(power));
    return List.copyOf(out);
  }

  /** Round trip, expected energy cost and GPU packing, in that order. */
  public static List<Scorer> scorers(EnergyEstimator energy, PackingPolicy packing) {
    return List.of(
        new RoundTripScorer(), new EnergyCostScorer(energy), new GpuPackingScorer(packing));
  }
}
