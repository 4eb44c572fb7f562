package io.lastmile.controlplane.domain;

/** Scheduling class of a job; see {@code lastmile.v1.JobClass}. */
public enum JobClass {
  LATENCY_CRITICAL,
  STANDARD,
  DEFERRABLE,
  INTERRUPTIBLE
}
