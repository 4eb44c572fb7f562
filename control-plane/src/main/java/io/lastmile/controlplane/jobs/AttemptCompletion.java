package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What an attempt's end does to its job: prices the energy it used, tells the attempt listeners,
 * and finishes, retries or re-queues the job.
 */
final class AttemptCompletion {
  private final EnergyPricer pricer;
  private final List<AttemptListener> listeners = new CopyOnWriteArrayList<>();

  AttemptCompletion(EnergyPricer pricer) {
    this.pricer = pricer;
  }

  void onAttemptFinished(AttemptListener listener) {
    listeners.add(listener);
  }

  /**
   * Applies the final report of the job's current attempt, and tells the listeners once it is
   * stored; a store that fails leaves nothing changed, so the report can be applied again.
   */
  void finish(JobLedger.Changes changes, Job measured, AttemptReport report, Instant now) {
    double wh = report.energyWh();
    double cost = cost(measured, wh, now);
    save(changes, priced(measured, report, cost), report, wh, now);
    told(new FinishedAttempt(measured, report.phase(), wh, cost, now));
  }

  /**
   * The job once its current attempt succeeded as {@code report} says, priced, and the attempt to
   * tell the listeners of (with {@link #told}) once that job is stored. For a job not cancelled.
   */
  Succeeded succeeded(Job measured, AttemptReport report, Instant now) {
    double wh = report.energyWh();
    double cost = cost(measured, wh, now);
    Job done = succeededAs(priced(measured, report, cost), report, wh, now);
    return new Succeeded(done, new FinishedAttempt(measured, report.phase(), wh, cost, now));
  }

  record Succeeded(Job job, FinishedAttempt attempt) {}

  /** Tells the listeners of an attempt that finished, once its job's change is stored. */
  void told(FinishedAttempt finished) {
    listeners.forEach(l -> l.finished(finished));
  }

  private double cost(Job measured, double wh, Instant now) {
    return wh == 0 ? 0 : pricer.cost(measured.nodeId(), wh, now);
  }

  private static Job succeededAs(Job job, AttemptReport report, double wh, Instant now) {
    return job.transition(JobState.SUCCEEDED, report.exitCode(), "exited with code 0", wh, now);
  }

  private Job priced(Job measured, AttemptReport report, double cost) {
    Job priced = Double.isNaN(cost) ? measured : measured.plusCost(cost, pricer.currency());
    return priced.withLogTail(report.logTail());
  }

  private static void save(
      JobLedger.Changes changes, Job job, AttemptReport report, double wh, Instant now) {
    String released = report.attemptId();
    if (job.state() == JobState.CANCELLED) {
      String stopped = Cancellation.of(job).stoppedMessage();
      changes.save(
          released, job.transition(JobState.CANCELLED, report.exitCode(), stopped, wh, now));
      return;
    }
    switch (report.phase()) {
      case SUCCEEDED -> changes.save(released, succeededAs(job, report, wh, now));
      case FAILED -> failed(changes, job, report, now);
      default ->
          changes.requeue(
              job.transition(
                  JobState.PENDING,
                  report.exitCode(),
                  "attempt %s was stopped on its node%s; re-queued"
                      .formatted(released, detail(report)),
                  wh,
                  now),
              released);
    }
  }

  private static void failed(
      JobLedger.Changes changes, Job job, AttemptReport report, Instant now) {
    String why =
        "attempt %s failed%s%s"
            .formatted(
                report.attemptId(),
                report.exitCode() == null ? "" : " with exit code " + report.exitCode(),
                detail(report));
    double wh = report.energyWh();
    if (job.attemptCount() < job.spec().maxAttempts()) {
      changes.requeue(
          job.transition(JobState.PENDING, report.exitCode(), why + "; retrying", wh, now),
          report.attemptId());
    } else {
      changes.save(
          report.attemptId(), job.transition(JobState.FAILED, report.exitCode(), why, wh, now));
    }
  }

  private static String detail(AttemptReport report) {
    return report.message().isEmpty() ? "" : ": " + report.message();
  }
}
