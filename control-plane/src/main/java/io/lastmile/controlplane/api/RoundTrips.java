package io.lastmile.controlplane.api;

import io.lastmile.api.v1.Heartbeat;
import io.lastmile.api.v1.RoundTrip;
import io.lastmile.controlplane.energy.MeasuredLatency;
import java.time.Duration;
import org.jboss.logging.Logger;

/** The round trips an agent measured and sent with a heartbeat, taken into the latency table. */
final class RoundTrips {
  private static final Logger LOG = Logger.getLogger(RoundTrips.class);

  /** A round trip measured longer ago than this (by the agent's clock) is dropped. */
  static final Duration MAX_AGE = Duration.ofMinutes(10);

  private RoundTrips() {}

  static void record(MeasuredLatency latency, String nodeId, String nodeRegion, Heartbeat h) {
    for (RoundTrip rt : h.getRoundTripsList()) {
      long ageSeconds = h.getTime().getSeconds() - rt.getMeasuredAt().getSeconds();
      if (h.hasTime() && rt.hasMeasuredAt() && ageSeconds > MAX_AGE.toSeconds()) {
        LOG.debugf(
            "node %s: round trip to %s measured %d s before its heartbeat; dropped",
            nodeId, rt.getToRegion(), ageSeconds);
        continue;
      }
      String ignored = latency.measured(nodeRegion, rt.getToRegion(), rt.getRttMs());
      if (!ignored.isEmpty()) {
        LOG.warnf("node %s: round trip to %s ignored: %s", nodeId, rt.getToRegion(), ignored);
      }
    }
  }
}
