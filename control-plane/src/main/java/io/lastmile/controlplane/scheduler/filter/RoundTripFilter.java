package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.RejectReason;
import io.lastmile.controlplane.scheduler.Rejection;
import io.lastmile.controlplane.scheduler.SchedulingRequest;

/**
 * The round trip from the job's origin region to the node's region is within the job's bound. An
 * unknown round trip never passes a bound: a job is not placed on a guess.
 */
public final class RoundTripFilter implements Filter {

  @Override
  public String name() {
    return "round-trip";
  }

  @Override
  public Rejection check(SchedulingRequest job, NodeSnapshot node, ClusterView cluster) {
    PlacementConstraints placement = job.spec().placement();
    if (!placement.hasRttBound()) {
      return null;
    }
    String origin = placement.originRegion();
    double rtt = cluster.latency().rttMs(origin, node.info().region());
    if (Double.isNaN(rtt)) {
      return new Rejection(RejectReason.ROUND_TRIP_UNKNOWN, 0, placement.maxRttMs(), origin);
    }
    if (rtt > placement.maxRttMs()) {
      return new Rejection(RejectReason.ROUND_TRIP_OVER_BOUND, rtt, placement.maxRttMs(), origin);
    }
    return null;
  }
}
