package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A region with its nodes and the electricity price of its market zone.
 *
 * @param powerDrawW sum of its nodes' GPU power draw, in watts
 * @param priceNowPerMwh price of the current hour in {@code currency} per MWh; null when unknown
 * @param forecast prices of the next hours, the current one first
 */
@RegisterForReflection
public record RegionView(
    String name,
    String city,
    String jurisdiction,
    String marketZone,
    int gpuTotal,
    int gpuFree,
    double powerDrawW,
    Double priceNowPerMwh,
    String currency,
    List<HourPrice> forecast,
    List<NodeView> nodes) {

  /**
   * @param hourStart start of the hour, ISO-8601 UTC
   * @param pricePerMwh price in the region's {@code currency} per MWh
   */
  @RegisterForReflection
  public record HourPrice(String hourStart, double pricePerMwh) {}
}
