package io.lastmile.controlplane.domain;

/** What a job event reports; see {@link JobEvent#between}. */
public enum JobEventType {
  /** The job was accepted and is PENDING. */
  SUBMITTED,
  /** An attempt was bound to a node (SCHEDULED). */
  PLACED,
  /** The attempt runs on its node. */
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  /**
   * The attempt left its node and the job is PENDING again: preempted, its node lost, or failed
   * with attempts left; the message says which.
   */
  REQUEUED,
  /** The attempt of a job cancelled earlier stopped; carries the energy it used. */
  ATTEMPT_ENDED
}
