package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import java.time.Instant;

/** How a job's placement ended in one scheduling cycle. */
sealed interface PlacementOutcome {

  /** Bound to a node; {@code view} is the cluster with the job's allocation applied. */
  record Bound(ClusterView view) implements PlacementOutcome {}

  /** Waits for the cheaper {@code window}. */
  record Deferred(Deferral.WaitUntil window) implements PlacementOutcome {
    Instant until() {
      return window.startAt();
    }

    String reason() {
      return window.reason();
    }
  }

  /** Not placed this time; tried again after a back-off. */
  record BackedOff(String reason) implements PlacementOutcome {
    /**
     * A placement that failed with an internal error, pointing at the log line with {@code ref}.
     */
    static BackedOff failed(String ref) {
      return new BackedOff(
          "placement failed with an internal error (ref %s in the control plane's log); retrying after a back-off"
              .formatted(ref));
    }
  }
}
