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
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  private static final Comparator<Entry> ORDER =
      Comparator.comparingInt((Entry e) -> e.jobClass.ordinal())
          .thenComparing(Comparator.comparingInt((Entry e) -> e.priority).reversed())
          .thenComparing(e -> e.enqueued)
          .thenComparing(e -> e.jobId);
  private static final Comparator<Entry> BY_NOT_BEFORE =
      Comparator.comparing((Entry e) -> e.notBefore).thenComparing(ORDER);

  private final Duration maxBackoff;
  private final Map<String, Entry> entries = new HashMap<>();

  // Every entry is in exactly one of these: a cycle reads the due ones without looking at the
  // jobs that wait, so a long queue of backed-off jobs costs nothing until they are due again.
  private final NavigableSet<Entry> ready = new TreeSet<>(ORDER);
  private final NavigableSet<Entry> waiting = new TreeSet<>(BY_NOT_BEFORE);

  public SchedulingQueue(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
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
    while (!waiting.isEmpty() && !waiting.first().notBefore.isAfter(now)) {
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
      e.backoff = e.backoff == null ? FIRST_BACKOFF : min(e.backoff.multipliedBy(2), maxBackoff);
      e.notBefore = now.plus(e.backoff);
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
      e.backoff = null;
      e.notBefore = until;
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
        e.backoff = null;
        e.deferred = false;
        e.notBefore = Instant.MIN;
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

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static final class Entry {
    final String jobId;
    final JobClass jobClass;
    final int priority;
    final Instant enqueued;
    Duration backoff;
    Instant notBefore = Instant.MIN;
    boolean deferred;

    Entry(String jobId, JobClass jobClass, int priority, Instant enqueued) {
      this.jobId = jobId;
      this.jobClass = jobClass;
      this.priority = priority;
      this.enqueued = enqueued;
    }
  }
}
