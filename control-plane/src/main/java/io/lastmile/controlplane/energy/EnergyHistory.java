package io.lastmile.controlplane.energy;

import io.lastmile.controlplane.domain.JobSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What earlier runs of the same job measured. Estimates prefer it to nameplate power times the
 * declared duration.
 */
public interface EnergyHistory {

  /** GPU energy of one typical run (for example the mean of recent runs), in Wh. */
  OptionalDouble energyWh(JobSpec spec);

  /** Run time of one typical run; empty when unknown. */
  default Optional<Duration> runTime(JobSpec spec) {
    return Optional.empty();
  }

  /** A history that knows nothing. */
  static EnergyHistory none() {
    return spec -> OptionalDouble.empty();
  }
}
