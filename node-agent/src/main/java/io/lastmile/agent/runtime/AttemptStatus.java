package io.lastmile.agent.runtime;

import java.time.Instant;

/**
 * An attempt's latest status, as reported up.
 *
 * @param exitCode the workload's exit code; null while it has none
 */
public record AttemptStatus(
    AttemptSpec spec,
    AttemptPhase phase,
    Integer exitCode,
    String message,
    double energyWh,
    Instant time,
    String logTail) {}
