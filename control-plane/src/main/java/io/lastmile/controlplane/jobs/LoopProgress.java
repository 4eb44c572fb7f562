package io.lastmile.controlplane.jobs;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How the scheduling loop is getting on, as health checks read it: whether its thread runs, when
 * its last pass ended and how long the current one has taken. A pass that stops paused on the
 * database counts as progress: the loop is alive and will resume on its own.
 *
 * <p>Passes are recorded by the loop's thread only; start, stop and readings come from any thread.
 */
public final class LoopProgress {
  private final LongSupplier nanos;
  private volatile Thread thread;
  private volatile boolean stopped;
  private volatile long passBegan = -1;
  private volatile long lastPassEnded;
  private volatile long passes;
  private volatile long failedInARow;

  /** Progress measured on {@code nanos}, a monotonic clock such as {@link System#nanoTime}. */
  public LoopProgress(LongSupplier nanos) {
    this.nanos = nanos;
  }

  void started(Thread loopThread) {
    lastPassEnded = nanos.getAsLong(); // the stall is counted from the start until a pass ends
    thread = loopThread;
  }

  void stopped() {
    stopped = true;
  }

  void passBegan() {
    passBegan = nanos.getAsLong();
  }

  void passEnded() {
    failedInARow = 0;
    ended();
  }

  /** The pass threw: the loop goes on, but says how many passes in a row failed. */
  void passFailed() {
    failedInARow++;
    ended();
  }

  private void ended() {
    lastPassEnded = nanos.getAsLong();
    passBegan = -1;
    passes++;
  }

  /** What the loop is doing now. */
  public Reading reading() {
    Thread t = thread;
    long now = nanos.getAsLong();
    if (t == null || stopped) {
      State state = t == null ? State.NOT_STARTED : State.STOPPED;
      return new Reading(state, passes, failedInARow, null, null);
    }
    long began = passBegan;
    Duration sinceLast = Duration.ofNanos(now - lastPassEnded);
    Duration inPass = began < 0 ? null : Duration.ofNanos(now - began);
    State state = t.isAlive() ? State.RUNNING : State.DIED;
    return new Reading(state, passes, failedInARow, sinceLast, inPass);
  }

  /** Where the loop's thread is. */
  public enum State {
    /** Not started: a follower, or before recovery ends. */
    NOT_STARTED,
    /** Its thread runs passes. */
    RUNNING,
    /** Stopped on purpose (the lead was lost, or the process shuts down). */
    STOPPED,
    /** Its thread ended although nobody stopped it: nothing will be placed again. */
    DIED
  }

  /**
   * One look at the loop.
   *
   * @param passes passes completed since the process started
   * @param failedInARow the last passes that threw, in a row (each is logged)
   * @param sinceLastPass time since the last pass ended (or the loop started); null unless running
   * @param currentPass how long the pass under way has taken; null between passes
   */
  public record Reading(
      State state, long passes, long failedInARow, Duration sinceLastPass, Duration currentPass) {
    /**
     * How long the loop has gone without finishing a pass: zero unless it runs, at least as long as
     * the pass under way.
     */
    public Duration stalledFor() {
      return state == State.RUNNING ? sinceLastPass : Duration.ZERO;
    }
  }
}
