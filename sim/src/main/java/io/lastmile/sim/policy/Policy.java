package io.lastmile.sim.policy;

import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A placement policy under evaluation: where a job goes now, which interruptible attempts make room
 * for a latency-critical job that fits nowhere, and whether a deferrable job waits. The simulator
 * runs every policy through the same job lifecycle.
 */
public interface Policy {

  /** The answer of a policy that starts every job as soon as it fits. */
  Deferral NEVER_WAITS = new Deferral.StartNow("starts now: the policy never waits");

  /** Short name, used in tables and plots. */
  String name();

  /** What the policy does, in one sentence. */
  String description();

  /** Whether the policy keeps every job within its round-trip bound by construction. */
  boolean honoursLatencyBounds();

  Decision decide(SchedulingRequest job, ClusterView view);

  Optional<PreemptionPlan> preempt(
      SchedulingRequest job, ClusterView view, Map<String, List<RunningAttempt>> running);

  /**
   * Whether a deferrable job placed on {@code node} waits; a policy that defers books the window it
   * waits for until {@link #started} or the next call for the same job.
   */
  Deferral defer(SchedulingRequest job, NodeInfo node, ClusterView view);

  /**
   * Whether an interruptible job submitted at {@code submitted} and placed on {@code node} stays
   * queued for a cheaper GPU ({@link Deferral.WaitUntil}, at most until its {@code startAt}).
   */
  default Deferral waitForGpu(
      SchedulingRequest job, NodeInfo node, Instant submitted, ClusterView view) {
    return NEVER_WAITS;
  }

  /** The job starts now on {@code node}: its run takes the place of any window it waited for. */
  default void started(SchedulingRequest job, NodeInfo node, Instant now) {}
}
