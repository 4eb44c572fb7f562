package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.cluster.NodeStatus;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import java.time.Instant;
import java.util.Locale;

/** Turns domain values into the REST views. */
final class RestViews {
  private RestViews() {}

  static JobView job(
      Job job,
      Decision decision,
      String pendingReason,
      double cost,
      String currency,
      Instant started,
      Deferral.WaitUntil wait) {
    return new JobView(
        job.id(),
        job.spec().name(),
        job.state().name(),
        job.spec().jobClass().name(),
        emptyToNull(job.nodeId()),
        emptyToNull(job.nodeRegion()),
        emptyToNull(job.attemptId()),
        job.attemptCount(),
        job.exitCode(),
        job.message(),
        job.energyWh(),
        Double.isFinite(cost) ? cost : null,
        job.currency().isEmpty() ? currency : job.currency(),
        job.createTime().toString(),
        job.updateTime().toString(),
        job.state() == JobState.PENDING ? pendingReason : null,
        decision == null ? null : decision.summary(),
        job.spec().resources().gpuCount(),
        started == null ? null : started.toString(),
        wait == null || job.state() != JobState.PENDING ? null : wait.startAt().toString());
  }

  static NodeView node(NodeStatus status) {
    NodeSnapshot n = status.snapshot();
    NodeInfo info = n.info();
    return new NodeView(
        info.id(),
        info.region(),
        info.jurisdiction(),
        info.marketZone(),
        n.condition().name().toUpperCase(Locale.ROOT),
        status.connected(),
        n.gpuCount(),
        n.placeableGpuCount(),
        info.gpus().stream().map(GpuDevice::model).toList(),
        n.powerDrawW(),
        info.pue(),
        info.sitePowerCapKw(),
        status.attemptCount(),
        info.simulated(),
        info.labels());
  }

  static String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
