package io.lastmile.sim.policy;

import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.GpuPicker;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Round robin over the nodes in id order: each job goes to the next node after the previous
 * placement that passes the scheduler's filter chain ({@link Scheduler#rejection}); no scoring.
 * Rotation has no scorer, so this is the one baseline that is an explicit policy.
 */
public final class RoundRobinPolicy implements Policy {
  private final Scheduler filters;
  private final PreemptionPlanner preemption;
  private final boolean honoursLatencyBounds;
  private int next;

  /**
   * @param filters the scheduler whose filter chain decides which nodes can take a job
   */
  public RoundRobinPolicy(
      Scheduler filters, PreemptionPlanner preemption, boolean honoursLatencyBounds) {
    this.filters = filters;
    this.preemption = preemption;
    this.honoursLatencyBounds = honoursLatencyBounds;
  }

  @Override
  public String name() {
    return "round-robin";
  }

  @Override
  public String description() {
    return "the next node in turn that passes the filters"
        + (honoursLatencyBounds ? "" : " (the round-trip bound left out)");
  }

  @Override
  public boolean honoursLatencyBounds() {
    return honoursLatencyBounds;
  }

  @Override
  public Decision decide(SchedulingRequest job, ClusterView view) {
    List<NodeSnapshot> nodes =
        view.nodes().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    int n = nodes.size();
    for (int i = 0; i < n; i++) {
      int k = (next + i) % n;
      NodeSnapshot node = nodes.get(k);
      if (filters.rejection(job, node, view) == null) {
        next = (k + 1) % n;
        List<Integer> gpus = GpuPicker.pick(node, job.spec().resources());
        return new Decision.Placed(node, gpus, List.of(), 1, n);
      }
    }
    return new Decision.Unschedulable(List.of(), n);
  }

  @Override
  public Optional<PreemptionPlan> preempt(
      SchedulingRequest job, ClusterView view, Map<String, List<RunningAttempt>> running) {
    return preemption.plan(job, view, running);
  }

  @Override
  public Deferral defer(SchedulingRequest job, NodeInfo node, ClusterView view) {
    return NEVER_WAITS;
  }
}
