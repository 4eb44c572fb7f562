package io.lastmile.controlplane.domain;

import java.time.Duration;

/** A call that only the leader answers reached a follower; the message names the leader. */
public final class NotLeaderException extends LastmileException {
  public NotLeaderException(String self, String leader) {
    super(
        Kind.UNAVAILABLE,
        leader.isBlank()
            ? "control plane %s is a follower and no leader is known yet; retry shortly"
                .formatted(self)
            : "control plane %s is a follower; the leader is %s; retry shortly (the service routes to the leader)"
                .formatted(self, leader));
  }

  /** An election or a re-route takes about a second. */
  @Override
  public Duration retryAfter() {
    return Duration.ofSeconds(1);
  }
}
