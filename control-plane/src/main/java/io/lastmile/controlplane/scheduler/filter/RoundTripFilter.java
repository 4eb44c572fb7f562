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
public final class RoundTripFilter implements LocalityFilter {

  @Override
  public String name() {
    return "round-trip";
  }

  @Override
  public NodeCheck prepare(SchedulingRequest job, ClusterView cluster) {
    PlacementConstraints placement = job.spec().placement();
    if (!placement.hasRttBound()) {
      return NodeCheck.PASS;
    }
    String origin = placement.originRegion();
    return node -> verdict(cluster.latency().rttMs(origin, node.info().region()), placement);
  }

  /** From the view's round trips per locality, looked up once per origin. */
  @Override
  public LocalityCheck prepareLocalities(SchedulingRequest job, ClusterView cluster) {
    PlacementConstraints placement = job.spec().placement();
    double[] byLocality =
        placement.hasRttBound() ? cluster.roundTripsFrom(placement.originRegion()) : null;
    return byLocality == null
        ? LocalityCheck.PASS
        : (locality, node) -> verdict(byLocality[locality], placement);
  }

  private static Rejection verdict(double rtt, PlacementConstraints placement) {
    double bound = placement.maxRttMs();
    if (Double.isNaN(rtt)) {
      return new Rejection(RejectReason.ROUND_TRIP_UNKNOWN, 0, bound, placement.originRegion());
    }
    if (rtt > bound) {
      return new Rejection(
          RejectReason.ROUND_TRIP_OVER_BOUND, rtt, bound, placement.originRegion());
    }
    return null;
  }
}
