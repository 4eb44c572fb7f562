package io.lastmile.controlplane.jobs;

import java.time.Instant;

/** Prices energy measured on a node: energy × the site's PUE × its market zone's price then. */
public interface EnergyPricer {

  /**
   * @return the cost in {@link #currency()}, or NaN when the node or its zone's price is unknown
   */
  double cost(String nodeId, double energyWh, Instant at);

  String currency();
}
