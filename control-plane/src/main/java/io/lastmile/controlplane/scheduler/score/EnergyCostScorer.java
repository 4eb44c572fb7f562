package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.energy.EnergyCost;
import io.lastmile.controlplane.energy.EnergyEstimator;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Expected electricity cost of one run on the node, in the price book's currency: estimated GPU
 * energy (see {@link EnergyEstimator}) times the site's PUE times the average price of the node's
 * market zone over the run window {@code [now, now + run time)}. Unknown prices score {@code NaN}
 * and rank last.
 */
public final class EnergyCostScorer implements BatchScorer {
  private final EnergyEstimator energy;

  public EnergyCostScorer(EnergyEstimator energy) {
    this.energy = energy;
  }

  @Override
  public String name() {
    return "energy-cost";
  }

  @Override
  public String unit() {
    return "currency";
  }

  @Override
  public String unit(ClusterView cluster) {
    return cluster.prices().currency();
  }

  @Override
  public boolean lowerIsBetter() {
    return true;
  }

  @Override
  public NodeScore prepare(SchedulingRequest job, ClusterView cluster) {
    EnergyEstimator.Estimate estimate = energy.prepare(job.spec());
    return new ByZone(energy, estimate, cluster.prices(), cluster.now(), estimate.runTime());
  }

  /**
   * As {@link ByZone}, from the columns: the view's average prices per locality, one energy
   * estimate per hardware profile.
   */
  @Override
  public void rawAll(
      SchedulingRequest job,
      ClusterView cluster,
      NodeColumns nodes,
      int[] positions,
      int count,
      double[] out) {
    EnergyEstimator.Estimate estimate = energy.prepare(job.spec());
    double[] priceByLocality = cluster.averagePricesPerMwh(estimate.runTime());
    double[] siteWhByProfile = new double[nodes.hardwareProfiles()];
    Arrays.fill(siteWhByProfile, Double.NaN);
    for (int i = 0; i < count; i++) {
      int k = positions[i];
      double pricePerMwh = priceByLocality[nodes.locality(k)];
      int h = nodes.hardware(k);
      double siteWh = siteWhByProfile[h];
      if (Double.isNaN(siteWh)) {
        siteWh = siteWh(estimate, nodes, k);
        siteWhByProfile[h] = siteWh;
      }
      out[i] = siteWh == 0 ? 0 : EnergyCost.ofSiteWh(siteWh, pricePerMwh);
    }
  }

  /** Energy at the site for one run, the same for every node of the hardware profile. */
  private double siteWh(EnergyEstimator.Estimate estimate, NodeColumns nodes, int k) {
    double perGpuW =
        nodes.everyGpuReportsPower(k)
            ? nodes.maxGpuPowerLimitW(k)
            : energy.power().perGpuW(nodes.node(k).info());
    return EnergyCost.siteWh(energy.itEnergyWh(estimate, perGpuW), nodes.pue(k));
  }

  /** Cost per node, with the zone's average price remembered while the zone repeats. */
  private static final class ByZone implements NodeScore {
    private final EnergyEstimator energy;
    private final EnergyEstimator.Estimate estimate;
    private final PriceBook prices;
    private final Instant start;
    private final Duration runTime;
    private String zone;
    private double pricePerMwh;

    ByZone(
        EnergyEstimator energy,
        EnergyEstimator.Estimate estimate,
        PriceBook prices,
        Instant start,
        Duration runTime) {
      this.energy = energy;
      this.estimate = estimate;
      this.prices = prices;
      this.start = start;
      this.runTime = runTime;
    }

    @Override
    public double raw(NodeSnapshot node) {
      String z = node.info().marketZone();
      if (!z.equals(zone)) {
        zone = z;
        pricePerMwh = prices.averagePricePerMwh(z, start, runTime);
      }
      double itWh =
          energy.itEnergyWh(
              estimate, node.info(), node.maxGpuPowerLimitW(), node.everyGpuReportsPower());
      double siteWh = EnergyCost.siteWh(itWh, node.info().pue());
      if (siteWh == 0) {
        return 0;
      }
      return EnergyCost.ofSiteWh(siteWh, pricePerMwh);
    }
  }
}
