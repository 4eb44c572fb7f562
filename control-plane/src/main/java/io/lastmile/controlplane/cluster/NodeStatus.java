package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.scheduler.NodeSnapshot;

/**
 * A node as an operator sees it: the scheduler's snapshot plus whether its agent is connected, the
 * connected agent's version ({@code ""} when none is) and how many attempts it holds.
 */
public record NodeStatus(
    NodeSnapshot snapshot, boolean connected, String agentVersion, int attemptCount) {}
