package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeColumns;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import java.util.Arrays;

/**
 * Round trip from the job's origin region to the node's region. A job without an origin scores 0
 * everywhere; a pair whose round trip is unknown scores as far as the worst known one (after
 * normalisation it simply ranks last).
 */
public final class RoundTripScorer implements BatchScorer {
  private static final double UNKNOWN_MS = 10_000;

  @Override
  public String name() {
    return "round-trip";
  }

  @Override
  public String unit() {
    return "ms";
  }

  @Override
  public boolean lowerIsBetter() {
    return true;
  }

  @Override
  public NodeScore prepare(SchedulingRequest job, ClusterView cluster) {
    String origin = job.spec().placement().originRegion();
    if (origin.isEmpty()) {
      return node -> 0;
    }
    return new LastRegion(region -> rttMs(cluster, origin, region));
  }

  /** The view's round trips per locality, looked up once per origin. */
  @Override
  public void rawAll(
      SchedulingRequest job,
      ClusterView cluster,
      NodeColumns nodes,
      int[] positions,
      int count,
      double[] out) {
    String origin = job.spec().placement().originRegion();
    if (origin.isEmpty()) {
      Arrays.fill(out, 0, count, 0);
      return;
    }
    double[] byLocality = cluster.roundTripsFrom(origin);
    for (int i = 0; i < count; i++) {
      double rtt = byLocality[nodes.locality(positions[i])];
      out[i] = Double.isNaN(rtt) ? UNKNOWN_MS : rtt;
    }
  }

  private static double rttMs(ClusterView cluster, String origin, String region) {
    double rtt = cluster.latency().rttMs(origin, region);
    return Double.isNaN(rtt) ? UNKNOWN_MS : rtt;
  }
}
