package io.lastmile.controlplane.ha;

/** A call that only the leader answers reached a follower; the message names the leader. */
public final class NotLeaderException extends RuntimeException {
  public NotLeaderException(String self, String leader) {
    super(
        leader.isBlank()
            ? "control plane %s is a follower and no leader is known yet; retry shortly"
                .formatted(self)
            : "control plane %s is a follower; the leader is %s; retry shortly (the service routes to the leader)"
                .formatted(self, leader));
  }
}
