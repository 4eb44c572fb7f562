package io.lastmile.controlplane.domain;

import java.time.Instant;

/**
 * A job and what has become of it. Immutable: every change makes a new value with {@code version}
 * one higher, which the store uses for optimistic concurrency.
 *
 * @param exitCode exit code of the last finished attempt; null when none
 * @param logTail the last lines the last finished attempt printed, as its agent sent them
 */
public record Job(
    String id,
    String requestId,
    JobSpec spec,
    JobState state,
    Instant createTime,
    Instant updateTime,
    String nodeId,
    String nodeRegion,
    String attemptId,
    int attemptCount,
    Integer exitCode,
    String message,
    double energyWh,
    double cost,
    String currency,
    String logTail,
    long version) {

  public static Job accepted(String id, String requestId, JobSpec spec, Instant now) {
    return new Job(
        id, requestId, spec, JobState.PENDING, now, now, "", "", "", 0, null, "", 0, 0, "", "", 0);
  }

  public Job pending(String why, Instant now) {
    return new Job(
        id,
        requestId,
        spec,
        JobState.PENDING,
        createTime,
        now,
        nodeId,
        nodeRegion,
        attemptId,
        attemptCount,
        exitCode,
        why,
        energyWh,
        cost,
        currency,
        logTail,
        version + 1);
  }

  /**
   * The same version of a pending job with {@code why} as its explanation: an explanation is not a
   * change of the job (see {@link io.lastmile.controlplane.store.JobStore#explain}).
   */
  public Job explained(String why) {
    return new Job(
        id,
        requestId,
        spec,
        state,
        createTime,
        updateTime,
        nodeId,
        nodeRegion,
        attemptId,
        attemptCount,
        exitCode,
        why,
        energyWh,
        cost,
        currency,
        logTail,
        version);
  }

  public Job scheduled(String node, String region, String attempt, String why, Instant now) {
    return new Job(
        id,
        requestId,
        spec,
        JobState.SCHEDULED,
        createTime,
        now,
        node,
        region,
        attempt,
        attemptCount + 1,
        null,
        why,
        energyWh,
        cost,
        currency,
        logTail,
        version + 1);
  }

  public Job transition(JobState next, Integer exit, String why, double addedWh, Instant now) {
    return new Job(
        id,
        requestId,
        spec,
        next,
        createTime,
        now,
        nodeId,
        nodeRegion,
        attemptId,
        attemptCount,
        exit,
        why,
        energyWh + addedWh,
        cost,
        currency,
        logTail,
        version + 1);
  }

  /** Adds the cost of an attempt's energy; applied together with the attempt's final state. */
  public Job plusCost(double amount, String inCurrency) {
    return plusMeasured(0, amount, inCurrency);
  }

  /**
   * Adds measured energy and its cost without a new version: applied together with an attempt's
   * final state, or to show a running attempt's use so far.
   */
  public Job plusMeasured(double addedWh, double addedCost, String inCurrency) {
    return new Job(
        id,
        requestId,
        spec,
        state,
        createTime,
        updateTime,
        nodeId,
        nodeRegion,
        attemptId,
        attemptCount,
        exitCode,
        message,
        energyWh + addedWh,
        cost + addedCost,
        inCurrency,
        logTail,
        version);
  }

  /**
   * Keeps what a finished attempt printed last; applied together with the attempt's final state.
   */
  public Job withLogTail(String tail) {
    return new Job(
        id,
        requestId,
        spec,
        state,
        createTime,
        updateTime,
        nodeId,
        nodeRegion,
        attemptId,
        attemptCount,
        exitCode,
        message,
        energyWh,
        cost,
        currency,
        tail,
        version);
  }
}
