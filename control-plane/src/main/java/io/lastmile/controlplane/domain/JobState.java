package io.lastmile.controlplane.domain;

/** Lifecycle of a job; see {@code lastmile.v1.JobState}. */
public enum JobState {
  PENDING,
  SCHEDULED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether an attempt of the job is bound to a node. */
  public boolean isOnNode() {
    return this == SCHEDULED || this == RUNNING;
  }
}
