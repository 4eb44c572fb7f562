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
 * @param gpuCount GPUs the job asks for
 * @param startTime when its current attempt started running (ISO-8601 UTC); null when it has not,
 *     or when the control plane has not seen it start since its own start
 * @param waitUntil for a deferred pending job, when it is to start (ISO-8601 UTC); null otherwise
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
    String explanation,
    int gpuCount,
    String startTime,
    String waitUntil) {}
