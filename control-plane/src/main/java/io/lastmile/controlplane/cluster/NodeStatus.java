package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.scheduler.NodeSnapshot;

/**
 * A node as an operator sees it: the scheduler's snapshot plus whether its agent is connected and
 * how many attempts it holds.
 */
public record NodeStatus(NodeSnapshot snapshot, boolean connected, int attemptCount) {}
