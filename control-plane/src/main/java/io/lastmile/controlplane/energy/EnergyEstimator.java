package io.lastmile.controlplane.energy;

import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.NodeInfo;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Expected energy of one run of a job on a node: the measured energy of earlier runs of the same
 * job when known, otherwise power per GPU times GPU count times expected run time.
 */
public final class EnergyEstimator {
  private static final double MS_PER_HOUR = 3_600_000;

  private final GpuPowerModel power;
  private final EnergyHistory history;

  public EnergyEstimator(GpuPowerModel power, EnergyHistory history) {
    this.power = power;
    this.history = history;
  }

  public GpuPowerModel power() {
    return power;
  }

  /** How long a run is expected to take: measured when known, else declared, else the default. */
  public Duration runTime(JobSpec spec) {
    return history
        .runTime(spec)
        .orElse(
            spec.expectedDuration() == null
                ? JobSpec.DEFAULT_EXPECTED_DURATION
                : spec.expectedDuration());
  }

  /**
   * The per-job part of the estimate, computed once per decision: the measured Wh, or NaN when the
   * node's GPU power must be used.
   */
  public Estimate prepare(JobSpec spec) {
    OptionalDouble measured = history.energyWh(spec);
    Duration runTime = runTime(spec);
    return new Estimate(
        measured.isPresent() ? measured.getAsDouble() : Double.NaN,
        spec.resources().gpuCount(),
        runTime.toMillis() / MS_PER_HOUR,
        runTime);
  }

  /** GPU (IT) energy of one run on {@code node}, in Wh, before PUE. */
  public double itEnergyWh(Estimate estimate, NodeInfo node) {
    if (!Double.isNaN(estimate.measuredWh())) {
      return estimate.measuredWh();
    }
    if (estimate.gpuCount() == 0) {
      return 0;
    }
    return power.perGpuW(node) * estimate.gpuCount() * estimate.hours();
  }

  /** As {@link #itEnergyWh(Estimate, NodeInfo)}, with the node's power facts already derived. */
  public double itEnergyWh(
      Estimate estimate, NodeInfo node, double maxReportedW, boolean everyGpuReports) {
    if (!Double.isNaN(estimate.measuredWh())) {
      return estimate.measuredWh();
    }
    if (estimate.gpuCount() == 0) {
      return 0;
    }
    return power.perGpuW(node, maxReportedW, everyGpuReports)
        * estimate.gpuCount()
        * estimate.hours();
  }

  /** As {@link #itEnergyWh(Estimate, NodeInfo)}, with the node's power per GPU already known. */
  public double itEnergyWh(Estimate estimate, double perGpuW) {
    if (!Double.isNaN(estimate.measuredWh())) {
      return estimate.measuredWh();
    }
    if (estimate.gpuCount() == 0) {
      return 0;
    }
    return perGpuW * estimate.gpuCount() * estimate.hours();
  }

  public double itEnergyWh(JobSpec spec, NodeInfo node) {
    return itEnergyWh(prepare(spec), node);
  }

  /**
   * @param measuredWh energy measured for earlier runs; NaN when none
   * @param hours expected run time in hours
   */
  public record Estimate(double measuredWh, int gpuCount, double hours, Duration runTime) {}
}
