package io.lastmile.controlplane.api;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.jobs.EnergyPricer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * Prices a job's energy at its node's site (PUE, market zone) for the dashboard and the metrics. A
 * cost the job already carries wins; otherwise its energy is priced at the hour it last changed.
 */
@ApplicationScoped
public class AttemptCosts {
  @Inject EnergyPricer pricer;

  public String currency() {
    return pricer.currency();
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
    return pricer.cost(nodeId, energyWh, at);
  }
}
