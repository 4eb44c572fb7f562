package io.lastmile.controlplane.events;

import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Per-tenant usage rebuilt from the {@code job-events} stream, for a consumer such as billing.
 * Events are counted once by event id, so a record delivered twice changes nothing; the result does
 * not depend on the order events arrive in.
 *
 * <ul>
 *   <li>jobs: SUBMITTED events;
 *   <li>GPU-seconds: per attempt, its GPUs times the time from its RUNNING event to the event that
 *       took it out of RUNNING (succeeded, failed, re-queued or cancelled);
 *   <li>energy and cost: the sums carried by the events that ended attempts, cost per currency.
 * </ul>
 */
public final class UsageLedger {
  /** One tenant's usage; {@code costByCurrency} maps ISO 4217 codes to amounts. */
  public record Usage(
      long jobs, double gpuSeconds, double energyWh, Map<String, Double> costByCurrency) {
    public static final Usage NONE = new Usage(0, 0, 0, Map.of());
  }

  private final Set<String> seen = new HashSet<>();
  private final Map<String, Usage> byTenant = new TreeMap<>();
  private final Map<String, Run> runs = new HashMap<>();

  /**
   * Applies one {@code job-events} record value.
   *
   * @return false when the event was counted before
   * @throws IllegalArgumentException when the value is not a job event, naming the field
   */
  public boolean apply(String json) {
    return apply(JobEventJson.parse(json));
  }

  /** Applies one event; returns false when it was counted before. */
  public synchronized boolean apply(JobEvent e) {
    if (!seen.add(e.eventId())) {
      return false;
    }
    Usage u = usage(e.tenant());
    Map<String, Double> cost = new TreeMap<>(u.costByCurrency());
    if (!e.currency().isEmpty()) {
      cost.merge(e.currency(), e.cost(), Double::sum);
    }
    byTenant.put(
        e.tenant(),
        new Usage(
            u.jobs() + (e.type() == JobEventType.SUBMITTED ? 1 : 0),
            u.gpuSeconds() + gpuSeconds(e),
            u.energyWh() + e.energyWh(),
            Map.copyOf(cost)));
    return true;
  }

  /** GPU-seconds that {@code e} completes: nonzero once both ends of a run are known. */
  private double gpuSeconds(JobEvent e) {
    boolean starts = e.type() == JobEventType.RUNNING;
    boolean ends = e.fromState() == JobState.RUNNING && !starts;
    if (e.attemptId().isEmpty() || !(starts || ends)) {
      return 0;
    }
    Run run = runs.getOrDefault(e.attemptId(), Run.UNKNOWN);
    run = starts ? run.startedAt(e.time()) : run.endedAt(e.time());
    runs.put(e.attemptId(), run);
    if (run.start() == null || run.end() == null) {
      return 0;
    }
    runs.put(e.attemptId(), Run.COUNTED);
    return e.gpus() * Duration.between(run.start(), run.end()).toNanos() / 1e9;
  }

  /** What {@code tenant} used so far; {@link Usage#NONE} when nothing. */
  public synchronized Usage usage(String tenant) {
    return byTenant.getOrDefault(tenant, Usage.NONE);
  }

  /** Usage of every tenant seen, by tenant. */
  public synchronized Map<String, Usage> usage() {
    return Map.copyOf(byTenant);
  }

  /** The two ends of one attempt's run as far as seen. */
  private record Run(Instant start, Instant end, boolean counted) {
    static final Run UNKNOWN = new Run(null, null, false);
    static final Run COUNTED = new Run(null, null, true);

    Run startedAt(Instant at) {
      return counted ? this : new Run(at, end, false);
    }

    Run endedAt(Instant at) {
      return counted ? this : new Run(start, at, false);
    }
  }
}
