package io.lastmile.controlplane.scheduler.filter;

import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.scheduler.ClusterView;
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
  public Scope scope() {
    return Scope.LOCALITY;
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    PlacementConstraints placement = job.spec().placement();
    if (!placement.hasRttBound()) {
      return NodeCheck.PASS;
    }
    String origin = placement.originRegion();
    double bound = placement.maxRttMs();
    return node -> {
      double rtt = cluster.latency().rttMs(origin, node.info().region());
      if (Double.isNaN(rtt)) {
        return new Rejection(RejectReason.ROUND_TRIP_UNKNOWN, 0, bound, origin);
      }
      if (rtt > bound) {
        return new Rejection(RejectReason.ROUND_TRIP_OVER_BOUND, rtt, bound, origin);
      }
      return null;
    };
  }
}
