package io.lastmile.controlplane.store;

import java.time.Duration;
import java.time.Instant;

/**
 * How long finished jobs (and what is kept about them, such as their scheduling decisions) stay in
 * memory: at most {@code finishedJobs} of them, none finished more than {@code finishedAge} ago.
 * Unfinished jobs always stay. Jobs that left memory are read from the store.
 *
 * @param finishedJobs most finished jobs in memory; 0 keeps none
 * @param finishedAge longest a finished job stays in memory after it finished
 */
public record Retention(int finishedJobs, Duration finishedAge) {
  /** What the control plane keeps when it is not configured otherwise. */
  public static final Retention DEFAULT = new Retention(10_000, Duration.ofHours(1));

  public Retention {
    if (finishedJobs < 0) {
      throw new IllegalArgumentException("finishedJobs must not be negative: " + finishedJobs);
    }
    if (finishedAge.isNegative()) {
      throw new IllegalArgumentException("finishedAge must not be negative: " + finishedAge);
    }
  }

  /** Whether a job that finished at {@code finishedAt} is still kept at {@code now}. */
  boolean keeps(Instant finishedAt, Instant now) {
    return !finishedAt.plus(finishedAge).isBefore(now);
  }
}
