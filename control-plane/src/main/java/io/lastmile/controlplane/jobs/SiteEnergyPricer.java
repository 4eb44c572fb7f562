package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.EnergyCost;
import io.lastmile.controlplane.energy.MarketPrices;
import java.time.Instant;

/** Prices energy at the node's site: its PUE and its market zone's price of the hour. */
public final class SiteEnergyPricer implements EnergyPricer {
  private final ClusterState cluster;
  private final MarketPrices prices;

  public SiteEnergyPricer(ClusterState cluster, MarketPrices prices) {
    this.cluster = cluster;
    this.prices = prices;
  }

  @Override
  public double cost(String nodeId, double energyWh, Instant at) {
    return cluster
        .info(nodeId)
        .map(
            node ->
                EnergyCost.of(
                    energyWh, node.pue(), prices.book().pricePerMwh(node.marketZone(), at)))
        .orElse(Double.NaN);
  }

  @Override
  public String currency() {
    return prices.book().currency();
  }
}
