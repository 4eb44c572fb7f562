package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A node as the REST API and the dashboard show it.
 *
 * @param state READY, CORDONED or NOT_READY
 * @param gpuFree GPUs no attempt holds, on a READY node; 0 on a cordoned or not ready one
 * @param powerDrawW GPU power draw at the last heartbeat, in watts
 * @param sitePowerCapKw the site's power cap in kilowatts; 0 for none
 */
@RegisterForReflection
public record NodeView(
    String id,
    String region,
    String jurisdiction,
    String marketZone,
    String state,
    boolean connected,
    int gpuTotal,
    int gpuFree,
    List<String> gpuModels,
    double powerDrawW,
    double pue,
    double sitePowerCapKw,
    int attemptCount,
    boolean simulated,
    Map<String, String> labels) {}
