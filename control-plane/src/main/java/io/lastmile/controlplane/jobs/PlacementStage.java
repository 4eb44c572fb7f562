package io.lastmile.controlplane.jobs;

import java.util.Optional;

/**
 * One named step of placing a job, like an extension point of kube-scheduler's framework: decide
 * (filter and score), preempt (PostFilter), wait (Permit), bind.
 */
interface PlacementStage {

  /** Acts on the placement; returns how it ends, or empty to go on to the next stage. */
  Optional<PlacementOutcome> apply(Placement placement);
}
