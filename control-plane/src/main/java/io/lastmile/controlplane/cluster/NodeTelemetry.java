package io.lastmile.controlplane.cluster;

import java.util.Map;

/**
 * What one heartbeat says of its node, once turned from the message into values.
 *
 * @param sequence the heartbeat's number within its session; a later one has a higher number
 * @param powerDrawW the node's GPUs' power draw now, in watts
 * @param gpuMemoryUsedMiB memory in use per GPU, by driver index
 * @param attemptEnergyWh energy each running attempt has used so far, by attempt id
 */
public record NodeTelemetry(
    long sequence,
    double powerDrawW,
    Map<Integer, Long> gpuMemoryUsedMiB,
    Map<String, Double> attemptEnergyWh) {

  public NodeTelemetry {
    gpuMemoryUsedMiB = Map.copyOf(gpuMemoryUsedMiB);
    attemptEnergyWh = Map.copyOf(attemptEnergyWh);
  }
}
