package io.lastmile.agent.runtime;

/** What the control plane may ask of the attempts on this node. */
public interface AttemptControl {
  /** Starts an attempt whose spec has passed the agent's checks; a repeated id is ignored. */
  void start(AttemptSpec spec);

  /** Stops a running attempt; an unknown or finished one is left alone. */
  void cancel(String attemptId, String reason);

  /** The control plane recorded the attempt's final status. */
  void acknowledged(String attemptId);
}
