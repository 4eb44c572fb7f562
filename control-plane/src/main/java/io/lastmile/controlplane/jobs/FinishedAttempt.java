package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An attempt that just ended, as its listeners hear of it.
 *
 * @param job the job as it was while the attempt ran (node, region and attempt id set)
 * @param phase how it ended: SUCCEEDED, FAILED or CANCELLED
 * @param energyWh IT energy of the attempt's GPUs, in watt-hours
 * @param cost that energy priced at the node's site, in the pricer's currency; NaN when the node or
 *     its zone's price is unknown
 * @param at when the control plane heard that it ended
 */
public record FinishedAttempt(
    Job job, AttemptPhase phase, double energyWh, double cost, Instant at) {

  /**
   * How long the workload ran: from the RUNNING report to the end. Empty when the attempt ended
   * before it was seen running.
   */
  public Optional<Duration> runTime() {
    return job.state() == JobState.RUNNING
        ? Optional.of(Duration.between(job.updateTime(), at))
        : Optional.empty();
  }
}
