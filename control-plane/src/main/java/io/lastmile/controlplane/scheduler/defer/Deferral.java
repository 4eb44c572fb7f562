package io.lastmile.controlplane.scheduler.defer;

import java.time.Instant;

/** Whether a deferrable job starts now or waits for a cheaper window, and why, in words. */
public sealed interface Deferral {

  /** One readable sentence. */
  String reason();

  /** Start as soon as a node is free. */
  record StartNow(String reason) implements Deferral {}

  /**
   * Wait: starting at {@code startAt} is expected to cost {@code savingFraction} less than starting
   * now ({@code savingAmount} in {@code currency}; both below 0 when a job waits for room rather
   * than for a cheaper price), and still meets the deadline.
   */
  record WaitUntil(
      Instant startAt, double savingFraction, double savingAmount, String currency, String reason)
      implements Deferral {}
}
