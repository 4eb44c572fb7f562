package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.ClusterView;
import java.time.Instant;

/**
 * The view each scheduling cycle starts from: the previous cycle's view with the nodes that changed
 * since copied in ({@link ClusterView#updatedTo}), so that an unchanged fleet is not grouped by
 * locality and its ids sorted again every cycle. Holds one view.
 */
final class FleetViews {
  private final ClusterState cluster;
  private ClusterView last;

  FleetViews(ClusterState cluster) {
    this.cluster = cluster;
  }

  /** The cluster as it is now, at {@code now}. */
  synchronized ClusterView current(LatencyMap latency, Instant now, PriceBook prices) {
    last =
        last == null
            ? new ClusterView(cluster.snapshot(), latency, now, prices)
            : last.updatedTo(cluster.snapshot(), latency, now, prices);
    return last;
  }
}
