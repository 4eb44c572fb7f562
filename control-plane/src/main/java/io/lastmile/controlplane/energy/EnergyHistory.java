package io.lastmile.controlplane.energy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What earlier runs of a job measured, keyed by the job's name. Estimates prefer it to nameplate
 * power times the declared duration.
 */
public interface EnergyHistory {

  /** GPU energy of one typical run (for example the mean of recent runs), in Wh. */
  OptionalDouble energyWh(String jobName);

  /** Run time of one typical run; empty when unknown. */
  default Optional<Duration> runTime(String jobName) {
    return Optional.empty();
  }

  /** A history that knows nothing. */
  static EnergyHistory none() {
    return name -> OptionalDouble.empty();
  }
}
