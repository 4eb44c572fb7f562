package io.lastmile.agent.runtime;

import java.time.Duration;

/** What the control plane may ask of the attempts on this node. */
public interface AttemptControl {
  /** Starts an attempt whose spec has passed the agent's checks; a repeated id is ignored. */
  void start(AttemptSpec spec);

  /**
   * Stops a running attempt; an unknown or finished one is left alone.
   *
   * @param grace time between SIGTERM and SIGKILL; {@link Duration#ZERO} for the agent's default
   */
  void cancel(String attemptId, String reason, Duration grace);

  /** The control plane recorded the attempt's final status. */
  void acknowledged(String attemptId);

  /**
   * The control plane knows no job of the attempt: it is kept (journal, status and logs), stopped
   * if it runs, and reported again only in the next registration.
   */
  default void unknown(String attemptId, String reason) {}
}
