package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.AttemptId;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.lastmile.controlplane.store.JobStore;
import java.util.Optional;
import java.util.function.LongSupplier;

/** The stages of {@link PlacementPipeline}, each with one job. */
final class PlacementStages {
  private PlacementStages() {}

  /** Decides a job's placement against a view of the cluster (filter and score). */
  interface Decider {
    Decision decide(SchedulingRequest request, ClusterView view);
  }

  /**
   * Filter and score: the scheduler's decision on the view as it is, or that of an earlier job of
   * the round that asked for the same and fitted nowhere (see {@link NoFitMemo}).
   */
  static PlacementStage decide(Decider decider, NoFitMemo noFit) {
    return p -> {
      JobSpec spec = p.job().spec();
      Decision decision =
          noFit.refused(spec).orElseGet(() -> decider.decide(p.request(), p.view()));
      noFit.decided(spec, decision);
      p.decision(decision);
      return Optional.empty();
    };
  }

  /**
   * PostFilter: a latency-critical job that fits nowhere may stop lower-class attempts to make
   * room, and is then decided again on the cluster as it is after them.
   */
  static PlacementStage preempt(
      PreemptionPlanner planner,
      JobControl control,
      ClusterState cluster,
      BindBatch binds,
      NoFitMemo noFit,
      Decider decider,
      LastmileMeters metrics) {
    return p -> {
      if (!(p.decision() instanceof Decision.Unschedulable)
          || p.job().spec().jobClass() != JobClass.LATENCY_CRITICAL) {
        return Optional.empty();
      }
      // The plan reads running attempts and the cluster as held: the cycle's placements first.
      binds.flush(p.now());
      Optional<PreemptionPlan> plan =
          planner.plan(p.request(), p.view(), control.runningAttempts());
      if (plan.isPresent()) {
        control.preempt(plan.get(), p.job().id());
        metrics.preempted(plan.get().victims().size());
        noFit.forget(); // the victims' room is free again
        ClusterView view = p.view();
        p.view(new ClusterView(cluster.snapshot(), view.latency(), p.now(), view.prices()));
        p.decision(decider.decide(p.request(), p.view()));
      }
      return Optional.empty();
    };
  }

  /** Keeps the decision for ExplainJob. */
  static PlacementStage remember(JobControl control) {
    return p -> {
      control.recordDecision(p.job().id(), p.decision());
      return Optional.empty();
    };
  }

  /** Permit: a deferrable job placed on a node may wait for a cheaper window of its zone. */
  static PlacementStage defer(DeferralPolicy deferral) {
    return p -> {
      if (!(p.decision() instanceof Decision.Placed placed)
          || p.job().spec().jobClass() != JobClass.DEFERRABLE) {
        return Optional.empty();
      }
      Job job = p.job();
      String zone = placed.node().info().marketZone();
      Deferral verdict =
          deferral.decide(
              job.id(),
              job.spec(),
              placed.node().info(),
              DeferralPolicy.zoneGpus(p.view(), zone),
              p.view().prices(),
              p.now());
      return verdict instanceof Deferral.WaitUntil wait
          ? Optional.of(new PlacementOutcome.Deferred(wait))
          : Optional.empty();
    };
  }

  /** Permit: an interruptible job may wait a while for a cheaper GPU to free up. */
  static PlacementStage interruptibleWait(CheapGpuWait gpuWait, Scheduler scheduler) {
    return p -> {
      if (!(p.decision() instanceof Decision.Placed placed)) {
        return Optional.empty();
      }
      Deferral verdict =
          gpuWait.decide(
              p.request(), placed.node().info(), p.job().createTime(), p.view(), scheduler);
      return verdict instanceof Deferral.WaitUntil wait
          ? Optional.of(new PlacementOutcome.BackedOff(wait.reason()))
          : Optional.empty();
    };
  }

  /**
   * Bind: the job's next attempt joins the cycle's {@link BindBatch}, to be stored, held on its
   * node and sent to the node's agent with the others. A node whose agent is not connected any more
   * takes nothing.
   */
  static PlacementStage bind(
      BindBatch binds, ClusterState cluster, DeferralPolicy deferral, LongSupplier epochs) {
    return p -> {
      if (!(p.decision() instanceof Decision.Placed placed)) {
        return Optional.empty();
      }
      String nodeId = placed.node().id();
      Optional<NodeLink> link = cluster.link(nodeId);
      if (link.isEmpty()) {
        return Optional.empty();
      }
      Job job = p.job();
      JobSpec spec = job.spec();
      AttemptId attemptId = AttemptId.of(job.id(), job.attemptCount() + 1);
      Assignment assignment =
          new Assignment(
              attemptId.toString(),
              job.id(),
              epochs.getAsLong(),
              spec.workload(),
              placed.gpuIndices(),
              spec.resources().cpuMillis(),
              spec.resources().memoryMiB(),
              spec.timeout(),
              spec.keepOnDisconnect());
      String region = placed.node().info().region();
      Job scheduled =
          job.scheduled(nodeId, region, attemptId.toString(), placed.summary(), p.now());
      binds.add(
          new BindBatch.Placed(
              new JobStore.Binding(scheduled, nodeId, assignment),
              link.get(),
              region,
              placed.summary()));
      // Booked now, so that the cycle's later deferrable jobs count this one's run.
      deferral.started(job.id(), spec, placed.node().info(), p.now());
      ResourceRequest want = spec.resources();
      return Optional.of(
          new PlacementOutcome.Bound(
              p.view()
                  .withNode(
                      placed
                          .node()
                          .withAllocation(
                              placed.gpuIndices(), want.cpuMillis(), want.memoryMiB()))));
    };
  }
}
