package io.lastmile.controlplane.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.EnergyHistory;
import io.lastmile.controlplane.energy.GpuPowerModel;
import io.lastmile.controlplane.scheduler.filter.Filter;
import io.lastmile.controlplane.scheduler.filter.GpuFitFilter;
import io.lastmile.controlplane.scheduler.filter.HostResourcesFilter;
import io.lastmile.controlplane.scheduler.filter.JurisdictionFilter;
import io.lastmile.controlplane.scheduler.filter.LabelSelectorFilter;
import io.lastmile.controlplane.scheduler.filter.ReadinessFilter;
import io.lastmile.controlplane.scheduler.filter.RoundTripFilter;
import io.lastmile.controlplane.scheduler.filter.SitePowerFilter;
import io.lastmile.controlplane.scheduler.score.Scorer;
import org.junit.jupiter.api.Test;

class StandardChainTest {

  @Test
  void placementConstraintsComeBeforeCapacity() {
    assertThat(StandardChain.filters(GpuPowerModel.defaults()))
        .extracting(Filter::getClass)
        .containsExactly(
            ReadinessFilter.class,
            JurisdictionFilter.class,
            RoundTripFilter.class,
            LabelSelectorFilter.class,
            GpuFitFilter.class,
            HostResourcesFilter.class,
            SitePowerFilter.class);
  }

  @Test
  void roundTripFilterCanBeLeftOut() {
    assertThat(StandardChain.filters(GpuPowerModel.defaults(), false))
        .hasSize(6)
        .noneMatch(f -> f instanceof RoundTripFilter);
  }

  @Test
  void scorersAreRoundTripEnergyCostAndPacking() {
    EnergyEstimator energy = new EnergyEstimator(GpuPowerModel.defaults(), EnergyHistory.none());
    assertThat(StandardChain.scorers(energy, PackingPolicy.SPREAD))
        .extracting(Scorer::name)
        .containsExactly("round-trip", "energy-cost", "gpu-packing");
  }
}
