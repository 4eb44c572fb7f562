package io.lastmile.controlplane.ha;

import java.time.Duration;

/**
 * How this control plane competes for the lead: the Lease it holds and how often it renews it.
 *
 * @param leaseName name of the {@code coordination.k8s.io/v1} Lease
 * @param namespace namespace of the Lease
 * @param identity this replica's name as written into the Lease (holder identity)
 * @param leaseDuration how long a holder keeps the lead without renewing; followers wait this long
 * @param renewDeadline how long the leader keeps trying to renew before it gives the lead up
 * @param retryPeriod how often every replica tries to take or renew the Lease
 */
public record ElectionSettings(
    String leaseName,
    String namespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod) {

  private static final String PREFIX = "lastmile.leader-election.";

  /** Checks the settings, naming the key and the value of the first one that does not hold. */
  public ElectionSettings {
    requireText("lease-name", leaseName);
    requireText("namespace", namespace);
    requireText("identity", identity);
    requirePositive("lease-duration", leaseDuration);
    requirePositive("renew-deadline", renewDeadline);
    requirePositive("retry-period", retryPeriod);
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          ("%srenew-deadline: %s must be shorter than %slease-duration (%s), or a slow leader"
                  + " would still act after others took over")
              .formatted(PREFIX, renewDeadline, PREFIX, leaseDuration));
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "%sretry-period: %s must be shorter than %srenew-deadline (%s)"
              .formatted(PREFIX, retryPeriod, PREFIX, renewDeadline));
    }
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "%s%s: must not be empty, got '%s'".formatted(PREFIX, key, value));
    }
  }

  private static void requirePositive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "%s%s: must be a positive duration such as 10s, got %s".formatted(PREFIX, key, value));
    }
  }
}
