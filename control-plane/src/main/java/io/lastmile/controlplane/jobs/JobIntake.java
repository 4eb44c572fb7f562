package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.store.JobStore;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** Accepts new jobs and cancels jobs on request. */
final class JobIntake {
  private final JobLedger ledger;
  private final JobStore store;
  private final Clock clock;

  JobIntake(JobLedger ledger, JobStore store, Clock clock) {
    this.ledger = ledger;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Accepts a validated spec; the same request id returns the job created first. The future
   * completes once the job is durable, on the thread that committed it.
   */
  CompletableFuture<JobControl.Submitted> submit(String requestId, JobSpec spec) {
    Job candidate = Job.accepted(newJobId(), requestId, spec, clock.instant());
    return store
        .insertIfAbsentAsync(candidate)
        .thenApply(inserted -> accepted(candidate, inserted));
  }

  private JobControl.Submitted accepted(Job candidate, JobStore.Inserted inserted) {
    JobSpec spec = candidate.spec();
    if (!inserted.created() && !inserted.job().spec().tenant().equals(spec.tenant())) {
      // Another tenant's job: say nothing about it.
      throw new ConflictException(
          "request_id %s is already in use; use a new request_id".formatted(candidate.requestId()));
    }
    if (!inserted.created() && !inserted.job().spec().equals(spec)) {
      throw new ConflictException(
          "request_id %s was already used for job %s with a different spec; use a new request_id"
              .formatted(candidate.requestId(), inserted.job().id()));
    }
    if (inserted.created()) {
      ledger.queueAccepted(candidate);
    }
    return new JobControl.Submitted(inserted.job(), inserted.created());
  }

  /** Cancels a pending or running job; a running attempt is stopped on its node. */
  Job cancel(String jobId, String reason) {
    return ledger.write(
        changes -> {
          Job job = changes.get(jobId);
          if (job.state() == JobState.CANCELLED) {
            return job;
          }
          if (job.state().isTerminal()) {
            throw new PreconditionException(
                "job %s is already %s; only pending or running jobs can be cancelled"
                    .formatted(jobId, job.state()));
          }
          Cancellation cancellation = Cancellation.requested(reason, job);
          // Stored first: when the write fails the job stays queued and its attempt runs on.
          Job cancelled =
              changes.save(
                  job.transition(
                      JobState.CANCELLED,
                      job.exitCode(),
                      cancellation.message(),
                      0,
                      clock.instant()));
          changes.queue().remove(jobId);
          if (job.state().isOnNode()) {
            String attempt = job.attemptId();
            String because = cancellation.message();
            changes.cluster().link(job.nodeId()).ifPresent(link -> link.cancel(attempt, because));
          }
          return cancelled;
        });
  }

  private static String newJobId() {
    return "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
