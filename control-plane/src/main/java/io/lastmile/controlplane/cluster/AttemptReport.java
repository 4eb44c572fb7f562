package io.lastmile.controlplane.cluster;

/**
 * An agent's report on one attempt.
 *
 * @param exitCode the workload's exit code; null when it has none (yet)
 * @param energyWh energy attributed to the attempt's GPUs so far
 */
public record AttemptReport(
    String attemptId,
    String jobId,
    long epoch,
    AttemptPhase phase,
    Integer exitCode,
    String message,
    double energyWh,
    String logTail) {}
