package io.lastmile.controlplane.api.rest;

import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.api.RecordingLink;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.GpuDevice;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.jobs.JobControl;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node of two L4 GPUs in sg-sin, labelled {@code test=<label>}, registered straight with the job
 * lifecycle on a recording link; closing it cordons and disconnects it, so that other test classes
 * sharing the application find no schedulable node left behind.
 */
final class TestNode implements AutoCloseable {
  final String id;
  final RecordingLink link = new RecordingLink();
  private final ClusterState cluster;

  TestNode(JobControl control, ClusterState cluster, String id, String label) {
    this.id = id;
    this.cluster = cluster;
    NodeInfo info =
        new NodeInfo(
            id,
            "sg-sin",
            "SG",
            "SG",
            1.2,
            Map.of("test", label),
            List.of(
                new GpuDevice(0, "gpu-0", "L4", 23034, 0, 72),
                new GpuDevice(1, "gpu-1", "L4", 23034, 0, 72)),
            8000,
            32768,
            true,
            0);
    control.registered(info, link, List.of());
    cluster.cordon(id, false);
  }

  /** The assignment the node was sent for {@code jobId}, once it was. */
  Assignment assigned(String jobId) {
    return await()
        .until(
            () -> link.assigned.stream().filter(a -> a.jobId().equals(jobId)).findFirst(),
            a -> a.isPresent())
        .get();
  }

  @Override
  public void close() {
    cluster.cordon(id, true);
    cluster.disconnected(id, link, Instant.now());
  }
}
