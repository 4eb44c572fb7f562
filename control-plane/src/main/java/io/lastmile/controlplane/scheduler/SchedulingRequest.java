package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.PackingPolicy;
import java.util.Map;

/**
 * A job as the scheduler sees it.
 *
 * @param weightOverrides the job's own scorer weights by scorer name, replacing its class defaults
 *     for those scorers; empty for none (checked with {@link Scheduler#validateOverrides})
 * @param packing the job's own packing policy; null for the scheduler's default
 */
public record SchedulingRequest(
    String jobId, JobSpec spec, Map<String, Double> weightOverrides, PackingPolicy packing) {

  public SchedulingRequest {
    weightOverrides = Map.copyOf(weightOverrides);
  }

  /** The job with the scoring its spec asks for. */
  public SchedulingRequest(String jobId, JobSpec spec) {
    this(jobId, spec, spec.scoring().weights(), spec.scoring().packing());
  }
}
