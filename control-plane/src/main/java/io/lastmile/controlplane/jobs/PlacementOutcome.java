package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.scheduler.ClusterView;
import java.time.Instant;

/** How a job's placement ended in one scheduling cycle. */
sealed interface PlacementOutcome {

  /** Bound to a node; {@code view} is the cluster with the job's allocation applied. */
  record Bound(ClusterView view) implements PlacementOutcome {}

  /** Waits for a cheaper window that starts at {@code until}. */
  record Deferred(Instant until, String reason) implements PlacementOutcome {}

  /** Not placed this time; tried again after a back-off. */
  record BackedOff(String reason) implements PlacementOutcome {}
}
