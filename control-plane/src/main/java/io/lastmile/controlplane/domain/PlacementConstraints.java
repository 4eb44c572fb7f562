package io.lastmile.controlplane.domain;

import java.util.Map;
import java.util.Set;

/**
 * Where a job may run.
 *
 * @param originRegion region of the job's users or data; empty when the job has none
 * @param maxRttMs largest round trip from {@code originRegion} to the node's region; 0 for no bound
 * @param allowedJurisdictions jurisdictions the data may be processed in; empty for any
 * @param labelSelector labels a node must carry with exactly these values
 */
public record PlacementConstraints(
    String originRegion,
    double maxRttMs,
    Set<String> allowedJurisdictions,
    Map<String, String> labelSelector) {

  public PlacementConstraints {
    allowedJurisdictions = Set.copyOf(allowedJurisdictions);
    labelSelector = Map.copyOf(labelSelector);
  }

  public static PlacementConstraints anywhere() {
    return new PlacementConstraints("", 0, Set.of(), Map.of());
  }

  public boolean hasRttBound() {
    return maxRttMs > 0;
  }
}
