package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Attempt reports from every agent, applied in groups: every report waiting when a group is taken
 * goes into it, under one hold of the lifecycle's lock. The common reports (an attempt now RUNNING,
 * an attempt that SUCCEEDED) of a group are saved in one store write; any other report, or a second
 * one of a job already in the group, first has the group's common reports written and is then
 * applied on its own, as {@link AttemptReconciler#apply} does. A fleet running thousands of short
 * attempts then costs a few store writes and lock holds a second, not two per attempt.
 *
 * <p>A group write that fails changes nothing in memory; its reports are then applied one by one,
 * so each is stored or fails on its own (an agent sends an unacknowledged end again). Memory
 * changes (the attempt's hold released, listeners told) follow the write, as for a single report.
 *
 * <p>There is no thread of its own ({@link CallerGroups}); the futures complete on the thread that
 * applied the group.
 */
final class ReportGroups {
  /** Most reports in one group: one store write of that many rows stays short. */
  static final int MAX_GROUP = 256;

  private final JobLedger ledger;
  private final ClusterState cluster;
  private final AttemptReconciler reconciler;
  private final AttemptCompletion completion;
  private final Clock clock;
  private final CallerGroups<Pending> groups = new CallerGroups<>(MAX_GROUP, this::applyGroup);

  ReportGroups(
      JobLedger ledger,
      ClusterState cluster,
      AttemptReconciler reconciler,
      AttemptCompletion completion,
      Clock clock) {
    this.ledger = ledger;
    this.cluster = cluster;
    this.reconciler = reconciler;
    this.completion = completion;
    this.clock = clock;
  }

  /** Applies {@code report} of {@code nodeId} with the others waiting; see the class comment. */
  CompletableFuture<List<AgentCommand>> submit(String nodeId, AttemptReport report) {
    Pending pending = new Pending(nodeId, report, new CompletableFuture<>());
    groups.submit(pending);
    return pending.done();
  }

  private void applyGroup(List<Pending> group) {
    List<Runnable> answers = new ArrayList<>(group.size());
    try {
      ledger.update(changes -> apply(changes, group, answers));
    } catch (RuntimeException e) {
      answers.clear();
      group.forEach(p -> answers.add(() -> p.done().completeExceptionally(e)));
    }
    if (group.stream().anyMatch(p -> p.report().phase().isTerminal())) {
      ledger.workAvailable();
    }
    answers.forEach(Runnable::run);
  }

  private void apply(JobLedger.Changes changes, List<Pending> group, List<Runnable> answers) {
    Instant now = clock.instant();
    List<Common> common = new ArrayList<>();
    Set<String> jobs = new HashSet<>();
    for (Pending p : group) {
      Common c = jobs.add(p.report().jobId()) ? common(p, now) : null;
      if (c != null) {
        common.add(c);
        continue;
      }
      // Written first, so that this report is applied after the ones before it.
      write(changes, common, answers);
      common.clear();
      jobs.clear();
      alone(changes, p, answers);
    }
    write(changes, common, answers);
  }

  /**
   * The report as a common one (its job's current attempt on that node, RUNNING while the job is
   * SCHEDULED, or SUCCEEDED while it is held and the job not cancelled), or null.
   */
  private Common common(Pending p, Instant now) {
    AttemptReport report = p.report();
    Job job = ledger.find(report.jobId()).orElse(null);
    if (job == null
        || !p.nodeId().equals(reconciler.ownerOf(report.attemptId(), job))
        || !reconciler.isCurrent(report, p.nodeId())) {
      return null;
    }
    if (report.phase() == AttemptPhase.RUNNING && job.state() == JobState.SCHEDULED) {
      return new Common(p, AttemptReconciler.running(job, p.nodeId(), now), null);
    }
    if (report.phase() == AttemptPhase.SUCCEEDED
        && job.state() != JobState.CANCELLED
        && cluster.holds(report.attemptId())) {
      AttemptCompletion.Succeeded done = completion.succeeded(job, report, now);
      return new Common(p, done.job(), done.attempt());
    }
    return null;
  }

  /** Saves the common reports in one write, then frees, tells and answers as for each alone. */
  private void write(JobLedger.Changes changes, List<Common> common, List<Runnable> answers) {
    if (common.isEmpty()) {
      return;
    }
    List<String> released =
        common.stream()
            .filter(c -> c.finished() != null)
            .map(c -> c.pending().report().attemptId())
            .toList();
    try {
      changes.saveAll(common.stream().map(Common::job).toList(), released);
    } catch (RuntimeException e) {
      common.forEach(c -> alone(changes, c.pending(), answers));
      return;
    }
    for (Common c : common) {
      if (c.finished() == null) {
        answers.add(() -> c.pending().done().complete(List.of()));
        continue;
      }
      cluster.release(c.pending().report().attemptId());
      completion.told(c.finished());
      answers.add(
          () ->
              c.pending()
                  .done()
                  .complete(
                      List.of(new AgentCommand.Acknowledge(c.pending().report().attemptId()))));
    }
    if (!released.isEmpty()) {
      changes.queue().clearBackoffs();
    }
  }

  /** Applies one report on its own, as it would be outside a group. */
  private void alone(JobLedger.Changes changes, Pending p, List<Runnable> answers) {
    try {
      List<AgentCommand> commands = reconciler.apply(changes, p.nodeId(), p.report());
      answers.add(() -> p.done().complete(commands));
    } catch (RuntimeException e) {
      answers.add(() -> p.done().completeExceptionally(e));
    }
  }

  private record Pending(
      String nodeId, AttemptReport report, CompletableFuture<List<AgentCommand>> done) {}

  /** A common report and its job's next version; {@code finished} null for RUNNING. */
  private record Common(Pending pending, Job job, FinishedAttempt finished) {}
}
