package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.time.Instant;

/**
 * One job going through the placement stages: the cluster as the stages see it and the decision so
 * far. Stages that change the cluster (preemption) or decide again replace the view or decision.
 */
final class Placement {
  private final Job job;
  private final SchedulingRequest request;
  private final Instant now;
  private ClusterView view;
  private Decision decision;

  Placement(Job job, ClusterView view, Instant now) {
    this.job = job;
    this.request = new SchedulingRequest(job.id(), job.spec());
    this.view = view;
    this.now = now;
  }

  Job job() {
    return job;
  }

  SchedulingRequest request() {
    return request;
  }

  Instant now() {
    return now;
  }

  ClusterView view() {
    return view;
  }

  void view(ClusterView changed) {
    view = changed;
  }

  /** The decision so far; null before the decide stage. */
  Decision decision() {
    return decision;
  }

  void decision(Decision decided) {
    decision = decided;
  }
}
