package io.lastmile.controlplane.scheduler.score;

import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.util.function.ToDoubleFunction;

/**
 * Remembers the value of the last region asked for. The scheduler visits feasible nodes grouped by
 * locality, so a value that depends only on the region is computed about once per region.
 */
final class LastRegion implements Scorer.NodeScore {
  private final ToDoubleFunction<String> byRegion;
  private String region;
  private double value;

  LastRegion(ToDoubleFunction<String> byRegion) {
    this.byRegion = byRegion;
  }

  @Override
  public double raw(NodeSnapshot node) {
    String r = node.info().region();
    if (!r.equals(region)) {
      region = r;
      value = byRegion.applyAsDouble(r);
    }
    return value;
  }
}
