package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.store.JobStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The energy that running attempts have used so far, as their agents' last heartbeats said. Shown
 * on running jobs and never stored: what is stored is the attempt's final report. Thread-safe.
 */
final class LiveEnergy {
  private final Map<String, Map<String, Double>> byNode = new ConcurrentHashMap<>();
  private final EnergyPricer pricer;

  LiveEnergy(EnergyPricer pricer) {
    this.pricer = pricer;
  }

  /** A heartbeat of {@code nodeId} reported these attempts' energy; it replaces the node's last. */
  void measured(String nodeId, Map<String, Double> whByAttempt) {
    Map<String, Double> valid = new HashMap<>();
    whByAttempt.forEach(
        (attempt, wh) -> {
          if (Double.isFinite(wh) && wh > 0) {
            valid.put(attempt, wh);
          }
        });
    if (valid.isEmpty()) {
      byNode.remove(nodeId);
    } else {
      byNode.put(nodeId, Map.copyOf(valid));
    }
  }

  /**
   * The job with its running attempt's energy so far added, priced at {@code now}; the job itself
   * when it is not running or its node reported nothing for the attempt.
   */
  Job withEnergySoFar(Job job, Instant now) {
    if (job.state() != JobState.RUNNING) {
      return job;
    }
    Double wh = byNode.getOrDefault(job.nodeId(), Map.of()).get(job.attemptId());
    if (wh == null) {
      return job;
    }
    double cost = pricer.cost(job.nodeId(), wh, now);
    return Double.isNaN(cost)
        ? job.plusMeasured(wh, 0, job.currency())
        : job.plusMeasured(wh, cost, pricer.currency());
  }

  /** A page of jobs, each as {@link #withEnergySoFar(Job, Instant)} shows it. */
  JobStore.Page withEnergySoFar(JobStore.Page page, Instant now) {
    return new JobStore.Page(
        page.jobs().stream().map(job -> withEnergySoFar(job, now)).toList(), page.nextPageToken());
  }

  /** Found jobs, each as {@link #withEnergySoFar(Job, Instant)} shows it. */
  JobStore.Found withEnergySoFar(JobStore.Found found, Instant now) {
    return new JobStore.Found(
        found.jobs().stream().map(job -> withEnergySoFar(job, now)).toList(),
        found.total(),
        found.byState());
  }
}
