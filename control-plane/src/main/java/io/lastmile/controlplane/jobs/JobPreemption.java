package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** The running attempts preemption may choose from, and carrying out a preemption plan. */
final class JobPreemption {
  private static final Logger LOG = Logger.getLogger(JobPreemption.class);

  private final JobLedger ledger;
  private final ClusterState cluster;
  private final Clock clock;

  JobPreemption(JobLedger ledger, ClusterState cluster, Clock clock) {
    this.ledger = ledger;
    this.cluster = cluster;
    this.clock = clock;
  }

  /** Attempts bound to nodes, by node, as the preemption planner sees them. */
  Map<String, List<RunningAttempt>> runningAttempts() {
    return ledger.write(
        changes -> {
          Map<String, List<RunningAttempt>> byNode = new HashMap<>();
          for (NodeSnapshot node : cluster.snapshot()) {
            for (Assignment a : cluster.assignments(node.id())) {
              ledger
                  .find(a.jobId())
                  .filter(job -> job.state().isOnNode() && job.attemptId().equals(a.attemptId()))
                  .ifPresent(
                      job ->
                          byNode
                              .computeIfAbsent(node.id(), id -> new ArrayList<>())
                              .add(running(job, node.id(), a)));
            }
          }
          return byNode;
        });
  }

  private static RunningAttempt running(Job job, String nodeId, Assignment a) {
    return new RunningAttempt(
        a.attemptId(),
        job.id(),
        nodeId,
        a.gpuIndices(),
        job.spec().jobClass(),
        job.spec().priority(),
        job.updateTime(),
        a.cpuMillis(),
        a.memoryMiB());
  }

  /**
   * Stops the plan's victims to make room for {@code byJobId}: their resources are freed at once,
   * their attempts are fenced and stopped on the node (through that node's link, not the
   * requester's), and their jobs are re-queued (not lost).
   */
  void preempt(PreemptionPlan plan, String byJobId) {
    ledger.update(
        changes -> {
          Instant now = clock.instant();
          for (RunningAttempt victim : plan.victims()) {
            Job job = changes.get(victim.jobId());
            String why =
                "preempted by latency-critical job %s on %s; attempt %s stopped and the job re-queued"
                    .formatted(byJobId, victim.nodeId(), victim.attemptId());
            LOG.infof("job %s: %s", job.id(), why);
            // Stored first: a failed write stops nothing and frees nothing.
            changes.requeue(job.pending(why, now));
            cluster.release(victim.attemptId());
            cluster.link(victim.nodeId()).ifPresent(l -> l.cancel(victim.attemptId(), why));
          }
        });
  }
}
