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
}
