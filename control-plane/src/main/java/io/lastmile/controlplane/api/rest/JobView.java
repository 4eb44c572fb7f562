package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A job as the REST API and the dashboard show it.
 *
 * @param cost electricity cost so far in {@code currency}; null when unknown (no node or no price)
 * @param energyWh IT energy of the job's attempts so far, in watt-hours
 * @param pendingReason for a pending job, the main reason of its last decision (a label such as
 *     {@code ROUND_TRIP_OVER_BOUND}); null otherwise
 * @param explanation the last scheduling decision in one sentence; null before the first one
 */
@RegisterForReflection
public record JobView(
    String id,
    String name,
    String state,
    String jobClass,
    String nodeId,
    String region,
    String attemptId,
    int attemptCount,
    Integer exitCode,
    String message,
    double energyWh,
    Double cost,
    String currency,
    String createTime,
    String updateTime,
    String pendingReason,
    String explanation) {}
