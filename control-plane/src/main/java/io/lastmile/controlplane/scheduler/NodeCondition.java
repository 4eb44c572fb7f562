package io.lastmile.controlplane.scheduler;

/** Whether a node takes new work. */
public enum NodeCondition {
  /** Connected and heartbeating. */
  READY,
  /** Disconnected or silent past the heartbeat grace period. */
  NOT_READY,
  /** Connected, but an operator or a Drain keeps new work away. */
  CORDONED
}
