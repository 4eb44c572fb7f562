package io.lastmile.controlplane.api;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.EnergyCost;
import io.lastmile.controlplane.energy.MarketPrices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;

/**
 * Prices a job's energy at its node's site (PUE, market zone) for the dashboard and the metrics. A
 * cost the job already carries wins; otherwise its energy is priced at the hour it last changed.
 */
@ApplicationScoped
public class AttemptCosts {
  @Inject ClusterState cluster;
  @Inject MarketPrices prices;

  public String currency() {
    return prices.book().currency();
  }

  /** The job's cost so far; NaN when it ran nowhere or its zone has no price. */
  public double of(Job job) {
    if (job.cost() > 0) {
      return job.cost();
    }
    if (job.nodeId().isEmpty()) {
      return Double.NaN;
    }
    return of(job.nodeId(), job.energyWh(), job.updateTime());
  }

  /** The cost of {@code energyWh} drawn on {@code nodeId} at {@code at}; NaN when unknown. */
  public double of(String nodeId, double energyWh, Instant at) {
    if (energyWh == 0) {
      return 0;
    }
    Optional<NodeInfo> node = cluster.info(nodeId);
    if (node.isEmpty()) {
      return Double.NaN;
    }
    double price = prices.book().pricePerMwh(node.get().marketZone(), at);
    return EnergyCost.of(energyWh, node.get().pue(), price);
  }
}
