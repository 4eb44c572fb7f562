package io.lastmile.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A scheduler that runs its tasks one at a time, in the order they became due, on the threads of a
 * shared pool: what a single-thread scheduler gives one session, without a thread of its own, so
 * one process can hold thousands of sessions on a few threads. Each task sees everything the one
 * before it wrote.
 *
 * <p>Differences from a single-thread scheduler: a periodic task that throws keeps its period (the
 * session guards its periodic tasks anyway); cancelling a delayed task that has already become due
 * does not stop it; {@link #shutdown()} cancels periodic tasks and lets the queued ones run.
 */
public final class SerialScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private static final Logger LOG = Logger.getLogger(SerialScheduler.class);

  /** Most tasks run in one turn on a pool thread, so a busy queue does not hold that thread. */
  private static final int TURN = 64;

  private final ScheduledExecutorService pool;
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean queued = new AtomicBoolean();
  private final Set<ScheduledFuture<?>> periodic = ConcurrentHashMap.newKeySet();
  private volatile boolean shutdown;

  public SerialScheduler(ScheduledExecutorService pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("serial scheduler shut down");
    }
    queue.add(task);
    turn();
  }

  /** Hands the queue to a pool thread unless one has it. */
  private void turn() {
    if (!queue.isEmpty() && queued.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    for (int i = 0; i < TURN; i++) {
      Runnable task = queue.poll();
      if (task == null) {
        break;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "a task failed; the next ones run");
      }
    }
    queued.set(false);
    turn();
  }

  /** Queues {@code task} when it is due; after a shutdown it is dropped. */
  private void due(Runnable task) {
    if (!shutdown) {
      execute(task);
    }
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
    return pool.schedule(() -> due(task), delay, unit);
  }

  /** Not offered: nothing that runs on a session's scheduler needs a result. */
  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException("schedule a Runnable");
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable task, long initialDelay, long period, TimeUnit unit) {
    return remembered(pool.scheduleAtFixedRate(() -> due(task), initialDelay, period, unit));
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, long initialDelay, long delay, TimeUnit unit) {
    return remembered(pool.scheduleWithFixedDelay(() -> due(task), initialDelay, delay, unit));
  }

  private ScheduledFuture<?> remembered(ScheduledFuture<?> future) {
    periodic.add(future);
    periodic.removeIf(ScheduledFuture::isDone);
    if (shutdown) {
      future.cancel(false);
    }
    return future;
  }

  @Override
  public void shutdown() {
    shutdown = true;
    periodic.forEach(f -> f.cancel(false));
    periodic.clear();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    List<Runnable> left = new ArrayList<>();
    for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
      left.add(task);
    }
    return left;
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown && queue.isEmpty() && !queued.get();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    long end = System.nanoTime() + unit.toNanos(timeout);
    while (!isTerminated()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(5);
    }
    return true;
  }
}
