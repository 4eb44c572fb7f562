package io.lastmile.controlplane.cluster;

/** State of an attempt as its agent reports it. */
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
