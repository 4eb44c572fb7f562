package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobSpec;

/** A job as the scheduler sees it. */
public record SchedulingRequest(String jobId, JobSpec spec) {}
