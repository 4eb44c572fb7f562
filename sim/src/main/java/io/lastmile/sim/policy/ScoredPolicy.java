package io.lastmile.sim.policy;

import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A policy that is the control plane's scheduler with some filters, weights and deferral: every
 * decision is {@link Scheduler#decide}, every preemption {@link PreemptionPlanner#plan}, every wait
 * {@link DeferralPolicy#decide}.
 *
 * @param deferral null for a policy that starts every job as soon as it fits
 * @param gpuWait null for a policy that starts interruptible jobs on any free GPU
 */
public record ScoredPolicy(
    String name,
    String description,
    boolean honoursLatencyBounds,
    Scheduler scheduler,
    PreemptionPlanner preemption,
    DeferralPolicy deferral,
    CheapGpuWait gpuWait)
    implements Policy {

  @Override
  public Decision decide(SchedulingRequest job, ClusterView view) {
    return scheduler.decide(job, view);
  }

  @Override
  public Optional<PreemptionPlan> preempt(
      SchedulingRequest job, ClusterView view, Map<String, List<RunningAttempt>> running) {
    return preemption.plan(job, view, running);
  }

  @Override
  public Deferral defer(SchedulingRequest job, NodeInfo node, ClusterView view) {
    if (deferral == null) {
      return NEVER_WAITS;
    }
    int zoneGpus = DeferralPolicy.zoneGpus(view, node.marketZone());
    return deferral.decide(job.jobId(), job.spec(), node, zoneGpus, view.prices(), view.now());
  }

  @Override
  public Deferral waitForGpu(
      SchedulingRequest job, NodeInfo node, Instant submitted, ClusterView view) {
    return gpuWait == null ? NEVER_WAITS : gpuWait.decide(job, node, submitted, view, scheduler);
  }

  @Override
  public void started(SchedulingRequest job, NodeInfo node, Instant now) {
    if (deferral != null) {
      deferral.started(job.jobId(), job.spec(), node, now);
    }
  }
}
