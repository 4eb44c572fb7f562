package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Pending jobs in scheduling order: latency-critical first, then standard, deferrable and
 * interruptible; higher priority first within a class; oldest first within a priority. A job that
 * could not be placed backs off (1 s doubling up to a maximum) so it never delays the others, and
 * every back-off is cleared when the cluster changes.
 */
public final class SchedulingQueue {
  private static final long FIRST_BACKOFF_MS = 1000;
  private static final Comparator<Entry> ORDER = SchedulingQueue::order;
  private static final Comparator<Entry> BY_NOT_BEFORE =
      (a, b) -> {
        int c = Long.compare(a.notBeforeMs, b.notBeforeMs);
        return c != 0 ? c : order(a, b);
      };

  private final long maxBackoffMs;
  private final Map<String, Entry> entries = new HashMap<>();

  // Every entry is in exactly one of these: a cycle reads the due ones without looking at the
  // jobs that wait, so a long queue of backed-off jobs costs nothing until they are due again.
  private final NavigableSet<Entry> ready = new TreeSet<>(ORDER);
  private final NavigableSet<Entry> waiting = new TreeSet<>(BY_NOT_BEFORE);

  public SchedulingQueue(Duration maxBackoff) {
    this.maxBackoffMs = maxBackoff.toMillis();
  }

  public synchronized void add(String jobId, JobClass jobClass, int priority, Instant enqueued) {
    if (!entries.containsKey(jobId)) {
      Entry e = new Entry(jobId, jobClass, priority, enqueued);
      entries.put(jobId, e);
      ready.add(e);
    }
  }

  public synchronized void remove(String jobId) {
    Entry e = entries.remove(jobId);
    if (e != null) {
      detach(e);
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Jobs whose back-off has passed, in scheduling order. */
  public synchronized List<String> due(Instant now) {
    long nowMs = now.toEpochMilli();
    while (!waiting.isEmpty() && waiting.first().notBeforeMs <= nowMs) {
      ready.add(waiting.pollFirst());
    }
    List<String> due = new ArrayList<>(ready.size());
    for (Entry e : ready) {
      due.add(e.jobId);
    }
    return due;
  }

  /** The job could not be placed; it waits twice as long as last time before the next try. */
  public synchronized void backOff(String jobId, Instant now) {
    Entry e = entries.get(jobId);
    if (e != null) {
      detach(e);
      e.backoffMs = e.backoffMs == 0 ? FIRST_BACKOFF_MS : Math.min(e.backoffMs * 2, maxBackoffMs);
      e.notBeforeMs = now.toEpochMilli() + e.backoffMs;
      e.deferred = false;
      waiting.add(e);
    }
  }

  /**
   * A deferrable job waits for a cheaper window: it is not due before {@code until}, and no cluster
   * change makes it due earlier (only a new decision of the deferral policy does).
   */
  public synchronized void deferUntil(String jobId, Instant until) {
    Entry e = entries.get(jobId);
    if (e != null) {
      detach(e);
      e.backoffMs = 0;
      e.notBeforeMs = until.toEpochMilli();
      e.deferred = true;
      waiting.add(e);
    }
  }

  /** Prices moved: every deferred job is due now, so the deferral policy looks again. */
  public synchronized void reconsiderDeferred() {
    wakeWaiting(e -> e.deferred);
  }

  /**
   * Capacity or nodes changed (deferred jobs keep waiting): every job is worth trying again now.
   */
  public synchronized void clearBackoffs() {
    wakeWaiting(e -> !e.deferred);
  }

  private void wakeWaiting(Predicate<Entry> which) {
    for (Iterator<Entry> it = waiting.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (which.test(e)) {
        it.remove();
        e.backoffMs = 0;
        e.deferred = false;
        e.notBeforeMs = Long.MIN_VALUE;
        ready.add(e);
      }
    }
  }

  /** Takes the entry out of its set before a change to the fields the sets are ordered by. */
  private void detach(Entry e) {
    if (!ready.remove(e)) {
      waiting.remove(e);
    }
  }

  /** Class first, then higher priority, then oldest, then job id. */
  private static int order(Entry a, Entry b) {
    int c = Integer.compare(a.jobClass.ordinal(), b.jobClass.ordinal());
    if (c == 0) {
      c = Integer.compare(b.priority, a.priority);
    }
    if (c == 0) {
      c = a.enqueued.compareTo(b.enqueued);
    }
    return c != 0 ? c : a.jobId.compareTo(b.jobId);
  }

  /**
   * Times are kept as numbers: a back-off changes no reference held by an entry that has lived
   * long, which keeps a large backlog cheap for the garbage collector.
   */
  private static final class Entry {
    final String jobId;
    final JobClass jobClass;
    final int priority;
    final Instant enqueued;
    long backoffMs;
    long notBeforeMs = Long.MIN_VALUE;
    boolean deferred;

    Entry(String jobId, JobClass jobClass, int priority, Instant enqueued) {
      this.jobId = jobId;
      this.jobClass = jobClass;
      this.priority = priority;
      this.enqueued = enqueued;
    }
  }
}
