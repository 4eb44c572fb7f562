package io.lastmile.agent.runtime;

/** Where an attempt is on this node. */
public enum AttemptPhase {
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
