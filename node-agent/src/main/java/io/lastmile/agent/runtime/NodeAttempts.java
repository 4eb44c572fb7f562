package io.lastmile.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The attempts on this node as the session to the control plane reports and steers them: what it
 * registers with, what its heartbeats carry, and what it stops when its lease runs out. The agent's
 * {@link AttemptRunner} runs real processes; a load generator may run none.
 */
public interface NodeAttempts extends AttemptControl {
  /** Latest status of every remembered attempt, in start order. */
  List<AttemptStatus> statuses();

  /** Energy of each running attempt so far, in watt-hours, by attempt id. */
  Map<String, Double> runningEnergyWh();

  /** Whether the control plane said it knows no job of this attempt. */
  boolean orphan(String attemptId);

  /** The grace period between SIGTERM and SIGKILL when a stop asks for none of its own. */
  Duration stopGrace();

  /** Stops a running attempt with the node's own grace period. */
  default void cancel(String attemptId, String reason) {
    cancel(attemptId, reason, Duration.ZERO);
  }

  /**
   * Stops every running attempt whose job did not ask to keep running on disconnect, SIGKILL after
   * {@code grace}: the lease ran out and the control plane may re-queue them.
   *
   * @return how many attempts were asked to stop
   */
  int stopForLostLease(String reason, Duration grace);
}
