package io.lastmile.agent.session;

/**
 * What a session tells about its own timing, for a load generator that measures the control plane
 * through many sessions. Called on the session's thread; an observer must not block.
 */
public interface SessionObserver {
  /** Observes nothing: the agent's default. */
  SessionObserver NONE = new SessionObserver() {};

  /** The control plane accepted a registration {@code nanos} after its Register was sent. */
  default void registered(long nanos) {}

  /** Heartbeat {@code sequence} was sent. */
  default void heartbeatSent(long sequence) {}

  /** The control plane acknowledged heartbeat {@code sequence} {@code nanos} after it was sent. */
  default void heartbeatAcked(long sequence, long nanos) {}
}
