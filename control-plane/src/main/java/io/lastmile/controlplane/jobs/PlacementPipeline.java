package io.lastmile.controlplane.jobs;

import java.util.List;
import java.util.Optional;

/**
 * The placement stages in order. The first stage that ends the placement says how; a decision that
 * no stage acted on (unschedulable, or its node gone) backs the job off with its summary.
 */
final class PlacementPipeline {
  private final List<PlacementStage> stages;

  PlacementPipeline(List<PlacementStage> stages) {
    this.stages = List.copyOf(stages);
  }

  PlacementOutcome run(Placement placement) {
    for (PlacementStage stage : stages) {
      Optional<PlacementOutcome> outcome = stage.apply(placement);
      if (outcome.isPresent()) {
        return outcome.get();
      }
    }
    return new PlacementOutcome.BackedOff(placement.decision().summary());
  }
}
