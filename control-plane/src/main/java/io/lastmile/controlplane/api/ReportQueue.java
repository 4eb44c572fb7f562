package io.lastmile.controlplane.api;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One agent stream's attempt reports, applied one at a time in the order they arrived, off the
 * stream's own thread: the next once the last is applied (together with other streams' reports, see
 * {@code JobControl.attemptStatusAsync}), while the thread serves other streams meanwhile. A report
 * waits for the job store (and its lock); a heartbeat must not wait behind it, or its
 * acknowledgement, which renews the agent's lease, arrives so late that the agent stops its
 * attempts for a lease it never lost. A report that is already waiting (an agent sends an
 * unacknowledged final status again every few seconds) is not queued twice. At most {@link
 * #MAX_WAITING} wait: past that the stream is not read until one has been applied.
 */
final class ReportQueue {
  private static final Logger LOG = Logger.getLogger(ReportQueue.class);

  /** Reports one stream may have waiting; an agent runs a few attempts, each with a few phases. */
  static final int MAX_WAITING = 64;

  private final Executor executor;
  private final Runnable room;
  private final Queue<Task> tasks = new ArrayDeque<>();
  private final Set<String> waiting = new HashSet<>();
  private boolean draining;
  private boolean full;

  /**
   * @param room called, on the applying thread, when a full queue has room again
   */
  ReportQueue(Executor executor, Runnable room) {
    this.executor = executor;
    this.room = room;
  }

  /**
   * Starts {@code apply} once every report queued before it is applied; does nothing when a report
   * with the same {@code key} still waits.
   *
   * @return false when {@link #MAX_WAITING} reports now wait: submit no more until {@code room}
   *     runs
   */
  synchronized boolean submit(String key, Supplier<? extends CompletionStage<?>> apply) {
    if (waiting.add(key)) {
      tasks.add(new Task(key, apply));
      if (!draining) {
        draining = true;
        executor.execute(this::drain);
      }
    }
    full = tasks.size() >= MAX_WAITING;
    return !full;
  }

  /** How many reports wait. */
  synchronized int waiting() {
    return tasks.size();
  }

  private void drain() {
    while (true) {
      Task task;
      boolean roomAgain;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          draining = false;
          return;
        }
        waiting.remove(task.key());
        roomAgain = full;
        full = false;
      }
      if (roomAgain) {
        room.run();
      }
      CompletionStage<?> applied;
      try {
        applied = task.apply().get();
      } catch (RuntimeException e) {
        LOG.errorf(e, "attempt report %s could not be applied", task.key());
        continue;
      }
      CompletableFuture<?> done = applied.toCompletableFuture();
      if (!done.isDone()) {
        // The next report waits for this one; the executor goes on with other streams meanwhile.
        done.whenComplete((result, error) -> executor.execute(this::drain));
        return;
      }
    }
  }

  private record Task(String key, Supplier<? extends CompletionStage<?>> apply) {}
}
