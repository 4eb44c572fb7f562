package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.store.JobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The placements of a scheduling round that wait to be bound. They are made durable together, in
 * one store write (a round decides at most {@link #MAX} jobs), and only then held on their nodes
 * and sent to their agents, so an agent never runs an attempt the store does not know. The round
 * keeps the lifecycle still until its batch is bound, and its later placements see the earlier ones
 * in its view. Used on the scheduling thread only.
 *
 * <p>When the write fails, none of the batch is bound: each job stays queued, is backed off, and
 * says why (see {@link #takeUnbound}).
 */
final class BindBatch {
  static final int MAX = 256;
  private static final Logger LOG = Logger.getLogger(BindBatch.class);

  private final JobControl control;
  private final DeferralPolicy deferral;
  private final LastmileMeters metrics;
  private final List<Placed> waiting = new ArrayList<>();
  private final List<Job> unbound = new ArrayList<>();
  private final List<Placed> bound = new ArrayList<>();

  /** A placement waiting in the batch: what to store, where to send it, and what to log. */
  record Placed(JobStore.Binding binding, NodeLink link, String region, String summary) {}

  BindBatch(JobControl control, DeferralPolicy deferral, LastmileMeters metrics) {
    this.control = control;
    this.deferral = deferral;
    this.metrics = metrics;
  }

  void add(Placed placed) {
    waiting.add(placed);
  }

  /** Binds every placement waiting, in one store write; does nothing when none waits. */
  void flush(Instant now) {
    if (waiting.isEmpty()) {
      return;
    }
    List<Placed> batch = List.copyOf(waiting);
    waiting.clear();
    try {
      control.bindAll(batch.stream().map(Placed::binding).toList());
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.errorf(e, "binding %d placements failed (ref %s); backing them off", batch.size(), ref);
      String why = PlacementOutcome.BackedOff.failed(ref).reason();
      for (Placed p : batch) {
        Job job = p.binding().job();
        deferral.release(job.id());
        control.backOff(job.id(), now);
        unbound.add(control.pending(job.id()).map(j -> j.explained(why)).orElse(job));
      }
      return;
    }
    for (Placed p : batch) {
      p.link().assign(p.binding().attempt());
      metrics.placed(p.region());
    }
    bound.addAll(batch);
  }

  /** Logs the placements bound since the last call; call with the lifecycle's lock let go. */
  void logBound() {
    bound.forEach(p -> LOG.infof("job %s: %s", p.binding().job().id(), p.summary()));
    bound.clear();
  }

  /**
   * The jobs of batches whose write failed since the last call, each as it is stored (pending) with
   * the reason it was not placed.
   */
  List<Job> takeUnbound() {
    List<Job> out = List.copyOf(unbound);
    unbound.clear();
    return out;
  }
}
