package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.energy.LatencyMap;
import java.time.Instant;
import java.util.List;

/** An immutable picture of the cluster that one scheduling decision reads. */
public record ClusterView(List<NodeSnapshot> nodes, LatencyMap latency, Instant now) {
  public ClusterView {
    nodes = List.copyOf(nodes);
  }
}
