package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Rebuilds the lifecycle's memory from what the store holds, once, before any traffic. */
final class JobRecovery {
  private static final Logger LOG = Logger.getLogger(JobRecovery.class);

  private final JobLedger ledger;
  private final JobStore store;
  private final ClusterState cluster;
  private final Clock clock;

  JobRecovery(JobLedger ledger, JobStore store, ClusterState cluster, Clock clock) {
    this.ledger = ledger;
    this.store = store;
    this.cluster = cluster;
    this.clock = clock;
  }

  /**
   * Nodes come back NOT_READY until their agents register, their attempts hold their allocations
   * again, and pending jobs (and those whose attempt was lost) are queued.
   */
  void recover(StoredState state) {
    ledger.update(
        changes -> {
          Instant now = clock.instant();
          state.nodes().forEach(node -> cluster.restore(node, now));
          state.liveAttempts().forEach(this::reserve);
          changes.epochFloor(state.maxAttemptEpoch());
          int pending = 0;
          for (Job job : store.unfinished()) {
            if (job.state() == JobState.PENDING) {
              changes
                  .queue()
                  .add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
              pending++;
            } else if (job.state().isOnNode() && !cluster.holds(job.attemptId())) {
              changes.requeue(
                  job.pending("attempt %s was lost; re-queued".formatted(job.attemptId()), now));
              pending++;
            }
          }
          LOG.infof(
              "recovered %d jobs (%d queued), %d nodes, %d attempts on nodes",
              state.jobs().size(), pending, state.nodes().size(), state.liveAttempts().size());
        });
  }

  private void reserve(StoredState.Attempt a) {
    Optional<Job> job = ledger.find(a.jobId());
    if (job.isEmpty() || cluster.info(a.nodeId()).isEmpty()) {
      return;
    }
    JobSpec spec = job.get().spec();
    cluster.reserve(
        a.nodeId(),
        new Assignment(
            a.attemptId(),
            a.jobId(),
            a.epoch(),
            spec.workload(),
            a.gpuIndices(),
            a.cpuMillis(),
            a.memoryMiB(),
            spec.timeout(),
            spec.keepOnDisconnect()));
  }
}
