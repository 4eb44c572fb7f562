package io.lastmile.controlplane.events;

import java.time.Duration;

/**
 * How the job event relay works; keys under {@code lastmile.job-events.}.
 *
 * @param batchSize events read from the outbox and sent before waiting for their acknowledgements
 * @param pollInterval how often the outbox is read while it holds nothing to publish
 * @param retryMin first pause after a failed publish; doubles on each further failure
 * @param retryMax longest pause between attempts while the broker is unreachable
 * @param retention how long published events stay in the outbox before they are deleted
 * @param purgeInterval how often published events past {@code retention} are deleted
 */
public record JobEventSettings(
    int batchSize,
    Duration pollInterval,
    Duration retryMin,
    Duration retryMax,
    Duration retention,
    Duration purgeInterval) {

  /** Most events one batch may hold: the channel buffers a whole batch while it is sent. */
  public static final int MAX_BATCH = 1024;

  private static final String PREFIX = "lastmile.job-events.";

  /** Checks the settings, naming the key and value of the first that does not hold. */
  public JobEventSettings {
    if (batchSize < 1 || batchSize > MAX_BATCH) {
      throw new IllegalArgumentException(
          "%sbatch-size: must be 1 to %d, got %d".formatted(PREFIX, MAX_BATCH, batchSize));
    }
    positive("poll-interval", pollInterval);
    positive("retry-min", retryMin);
    positive("retry-max", retryMax);
    positive("retention", retention);
    positive("purge-interval", purgeInterval);
    if (retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException(
          "%sretry-max: %s must not be shorter than %sretry-min (%s)"
              .formatted(PREFIX, retryMax, PREFIX, retryMin));
    }
  }

  private static void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "%s%s: must be a positive duration such as 5s, got %s".formatted(PREFIX, key, value));
    }
  }
}
