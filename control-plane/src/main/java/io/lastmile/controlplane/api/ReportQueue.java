package io.lastmile.controlplane.api;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One agent stream's attempt reports, applied in the order they arrived but off the stream's own
 * thread. A report waits for the job store (and its lock); a heartbeat must not wait behind it, or
 * its acknowledgement, which renews the agent's lease, arrives so late that the agent stops its
 * attempts for a lease it never lost. A report that is already waiting (an agent sends an
 * unacknowledged final status again every few seconds) is not queued twice.
 */
final class ReportQueue {
  private static final Logger LOG = Logger.getLogger(ReportQueue.class);

  private final Executor executor;
  private final Queue<Task> tasks = new ArrayDeque<>();
  private final Set<String> waiting = new HashSet<>();
  private boolean draining;

  ReportQueue(Executor executor) {
    this.executor = executor;
  }

  /** A small pool shared by every stream: reports contend for one lock, so a few threads do. */
  static ExecutorService workers() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        4,
        r -> {
          Thread t = new Thread(r, "lastmile-agent-reports-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Runs {@code apply} after every report queued before it; does nothing when a report with the
   * same {@code key} still waits.
   */
  synchronized void submit(String key, Runnable apply) {
    if (!waiting.add(key)) {
      return;
    }
    tasks.add(new Task(key, apply));
    if (!draining) {
      draining = true;
      executor.execute(this::drain);
    }
  }

  /** How many reports wait. */
  synchronized int waiting() {
    return tasks.size();
  }

  private void drain() {
    while (true) {
      Task task;
      synchronized (this) {
        task = tasks.poll();
        if (task == null) {
          draining = false;
          return;
        }
        waiting.remove(task.key());
      }
      try {
        task.apply().run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "attempt report %s could not be applied", task.key());
      }
    }
  }

  private record Task(String key, Runnable apply) {}
}
