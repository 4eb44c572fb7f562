package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.AttemptId;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Brings jobs in line with what agents report: a node registering with the attempts it runs, an
 * attempt's status, and nodes lost for good. Returns what the reporting agent should be told.
 */
final class AttemptReconciler {
  private static final Logger LOG = Logger.getLogger(AttemptReconciler.class);
  static final String FENCED = "attempt is fenced: the job has moved on";

  private final JobLedger ledger;
  private final ClusterState cluster;
  private final AttemptCompletion completion;
  private final Clock clock;
  private final OrphanResults orphans;

  AttemptReconciler(
      JobLedger ledger,
      ClusterState cluster,
      AttemptCompletion completion,
      Clock clock,
      OrphanResults orphans) {
    this.orphans = orphans;
    this.ledger = ledger;
    this.cluster = cluster;
    this.completion = completion;
    this.clock = clock;
  }

  /**
   * A node registered, its row already stored; call under the lifecycle's lock. Reported attempts
   * are applied like status updates; those the control plane no longer wants are fenced in the
   * returned {@link AgentCommand.Registered}, which comes first.
   */
  List<AgentCommand> registered(
      JobLedger.Changes changes, NodeInfo info, NodeLink link, List<AttemptReport> attempts) {
    cluster.register(info, link, clock.instant());
    releaseUnwanted(changes, info.id(), attempts);
    return reconcile(changes, info.id(), attempts);
  }

  private List<AgentCommand> reconcile(
      JobLedger.Changes changes, String nodeId, List<AttemptReport> attempts) {
    List<String> fenced = new ArrayList<>();
    for (AttemptReport report : attempts) {
      if (!isCurrent(report, nodeId)) {
        fenced.add(report.attemptId());
      }
    }
    List<AgentCommand> commands = new ArrayList<>();
    commands.add(new AgentCommand.Registered(fenced));
    for (AttemptReport report : attempts) {
      if (!fenced.contains(report.attemptId())) {
        commands.addAll(apply(changes, nodeId, report));
      } else if (report.phase().isTerminal() && unknownJob(report)) {
        commands.add(orphan(nodeId, report));
      } else if (report.phase().isTerminal()) {
        commands.add(new AgentCommand.Acknowledge(report.attemptId()));
      }
    }
    // The agent journals an attempt before starting it, so one it does not report never reached
    // it (the Assign was lost with the old stream): sending it again cannot run it twice.
    Set<String> reported = reportedIds(attempts);
    for (Assignment assignment : cluster.assignments(nodeId)) {
      boolean wanted = ledger.find(assignment.jobId()).map(j -> j.state().isOnNode()).orElse(false);
      if (!reported.contains(assignment.attemptId()) && wanted) {
        commands.add(new AgentCommand.Assign(assignment));
      }
    }
    changes.queue().clearBackoffs();
    return commands;
  }

  /**
   * Frees attempts held on the node that its agent does not report and the control plane no longer
   * wants (their job was cancelled or moved on while the node was away).
   */
  private void releaseUnwanted(
      JobLedger.Changes changes, String nodeId, List<AttemptReport> reported) {
    Set<String> known = reportedIds(reported);
    for (String attemptId : cluster.attemptsOn(nodeId)) {
      if (!known.contains(attemptId) && wanted(attemptId).isEmpty()) {
        changes.releaseStoredAttempt(attemptId);
        cluster.release(attemptId);
      }
    }
  }

  /**
   * Applies an agent's report on an attempt, under the lifecycle's lock; duplicates and stale
   * attempts are recognised.
   */
  List<AgentCommand> apply(JobLedger.Changes changes, String nodeId, AttemptReport report) {
    Job job = ledger.find(report.jobId()).orElse(null);
    String owner = ownerOf(report.attemptId(), job);
    if (owner != null && !owner.equals(nodeId)) {
      throw new PermissionDeniedException(
          "attempt_status.attempt_id: attempt %s is assigned to node %s, not %s; a node reports only its own attempts"
              .formatted(report.attemptId(), owner, nodeId));
    }
    if (job == null || !isCurrent(report, nodeId)) {
      if (!report.phase().isTerminal()) {
        return List.of(new AgentCommand.Cancel(report.attemptId(), FENCED));
      }
      if (job == null && owner == null) {
        return List.of(orphan(nodeId, report));
      }
      if (!staleEpoch(report)) {
        cluster.release(report.attemptId());
      }
      return List.of(new AgentCommand.Acknowledge(report.attemptId()));
    }
    Instant now = clock.instant();
    switch (report.phase()) {
      case STARTING -> {}
      case RUNNING -> {
        if (job.state() == JobState.SCHEDULED) {
          changes.save(running(job, nodeId, now));
        }
      }
      case SUCCEEDED, FAILED, CANCELLED -> {
        // Stored first, released after: when the store fails the hold stays, and the agent's
        // next report of the same end is applied then.
        if (cluster.holds(report.attemptId())) {
          completion.finish(changes, job, report, now);
          cluster.release(report.attemptId());
          changes.queue().clearBackoffs();
        }
        return List.of(new AgentCommand.Acknowledge(report.attemptId()));
      }
    }
    return List.of();
  }

  /**
   * What a heartbeat's running attempts call for: each one the control plane no longer holds on
   * that node (re-queued while the node was silent, cancelled, or unknown) is fenced, so an agent
   * that comes back on its old stream stops its stale copies at once instead of running them beside
   * the new ones. An attempt still held there needs nothing.
   */
  List<AgentCommand> running(String nodeId, java.util.Collection<String> attemptIds) {
    List<AgentCommand> commands = new ArrayList<>();
    for (String attemptId : attemptIds) {
      if (!nodeId.equals(cluster.nodeOf(attemptId).orElse(null))) {
        commands.add(new AgentCommand.Fence(attemptId, FENCED));
      }
    }
    return commands;
  }

  /**
   * Re-queues jobs whose attempts sat on nodes that did not come back in time. An agent whose
   * stream is still open (frozen, or behind a stalled link) is told at once to stop those attempts;
   * it reads that as soon as it runs again, and its next heartbeat is answered the same way.
   */
  void requeueLost(List<String> attemptIds) {
    List<Runnable> fences = new ArrayList<>();
    ledger.update(
        changes -> {
          for (String attemptId : attemptIds) {
            cluster
                .nodeOf(attemptId)
                .flatMap(cluster::link)
                .ifPresent(link -> fences.add(() -> link.fence(attemptId, FENCED)));
            // Released once stored: a failed write leaves the attempt lost, found again next tick.
            Optional<Job> found = wanted(attemptId);
            if (found.isEmpty()) {
              changes.releaseStoredAttempt(attemptId);
              cluster.release(attemptId);
              continue;
            }
            Job job = found.get();
            LOG.infof("node %s lost: re-queueing job %s", job.nodeId(), job.id());
            changes.requeue(
                job.pending(
                    "node %s stopped responding; attempt %s fenced and the job re-queued"
                        .formatted(job.nodeId(), attemptId),
                    clock.instant()),
                attemptId);
            cluster.release(attemptId);
          }
        });
    fences.forEach(Runnable::run);
  }

  private boolean unknownJob(AttemptReport report) {
    return ledger.find(report.jobId()).isEmpty() && cluster.nodeOf(report.attemptId()).isEmpty();
  }

  /** Keeps the result of an attempt whose job is unknown, and tells the agent to keep it too. */
  private AgentCommand orphan(String nodeId, AttemptReport report) {
    orphans.record(nodeId, report, clock.instant());
    return new AgentCommand.Unknown(
        report.attemptId(),
        "job %s is unknown to this control plane; the result is kept as an orphan"
            .formatted(report.jobId()));
  }

  /** The job of an attempt when that attempt is still its current one on a node. */
  private Optional<Job> wanted(String attemptId) {
    return ledger
        .find(AttemptId.parse(attemptId).jobId())
        .filter(job -> job.attemptId().equals(attemptId) && job.state().isOnNode());
  }

  /** A SCHEDULED job once its attempt reported RUNNING on {@code nodeId}. */
  static Job running(Job job, String nodeId, Instant now) {
    return job.transition(JobState.RUNNING, null, "running on " + nodeId, 0, now);
  }

  /** The node an attempt was bound to, when the control plane still knows it; else null. */
  String ownerOf(String attemptId, Job job) {
    String held = cluster.nodeOf(attemptId).orElse(null);
    if (held != null) {
      return held;
    }
    return job != null && job.attemptId().equals(attemptId) && !job.nodeId().isEmpty()
        ? job.nodeId()
        : null;
  }

  /**
   * Whether the report is about the job's current attempt on this node, under the epoch it was
   * assigned with: the agent echoes the Assign's epoch, so any other epoch is not this assignment.
   */
  boolean isCurrent(AttemptReport report, String nodeId) {
    return !staleEpoch(report)
        && ledger
            .find(report.jobId())
            .map(
                job ->
                    job.attemptId().equals(report.attemptId())
                        && job.nodeId().equals(nodeId)
                        && (job.state().isOnNode() || cluster.holds(report.attemptId())))
            .orElse(false);
  }

  /** The attempt is held under another epoch than the one the report echoes. */
  private boolean staleEpoch(AttemptReport report) {
    return cluster
        .assignment(report.attemptId())
        .map(held -> held.epoch() != report.epoch())
        .orElse(false);
  }

  private static Set<String> reportedIds(List<AttemptReport> reports) {
    Set<String> ids = new HashSet<>();
    reports.forEach(r -> ids.add(r.attemptId()));
    return ids;
  }
}
