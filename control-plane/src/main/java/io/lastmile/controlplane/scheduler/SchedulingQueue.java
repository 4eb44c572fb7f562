package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.JobClass;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  private final Duration maxBackoff;
  private final Map<String, Entry> entries = new HashMap<>();

  public SchedulingQueue(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public synchronized void add(String jobId, JobClass jobClass, int priority, Instant enqueued) {
    entries.putIfAbsent(jobId, new Entry(jobId, jobClass, priority, enqueued));
  }

  public synchronized void remove(String jobId) {
    entries.remove(jobId);
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Jobs whose back-off has passed, in scheduling order. */
  public synchronized List<String> due(Instant now) {
    List<Entry> due = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (!e.notBefore.isAfter(now)) {
        due.add(e);
      }
    }
    due.sort(ORDER);
    return due.stream().map(e -> e.jobId).toList();
  }

  /** The job could not be placed; it waits twice as long as last time before the next try. */
  public synchronized void backOff(String jobId, Instant now) {
    Entry e = entries.get(jobId);
    if (e != null) {
      e.backoff = e.backoff == null ? FIRST_BACKOFF : min(e.backoff.multipliedBy(2), maxBackoff);
      e.notBefore = now.plus(e.backoff);
      e.deferred = false;
    }
  }

  /**
   * A deferrable job waits for a cheaper window: it is not due before {@code until}, and no cluster
   * change makes it due earlier (only a new decision of the deferral policy does).
   */
  public synchronized void deferUntil(String jobId, Instant until) {
    Entry e = entries.get(jobId);
    if (e != null) {
      e.backoff = null;
      e.notBefore = until;
      e.deferred = true;
    }
  }

  /** Prices moved: every deferred job is due now, so the deferral policy looks again. */
  public synchronized void reconsiderDeferred() {
    for (Entry e : entries.values()) {
      if (e.deferred) {
        e.deferred = false;
        e.notBefore = Instant.MIN;
      }
    }
  }

  /**
   * Capacity or nodes changed (deferred jobs keep waiting): every job is worth trying again now.
   */
  public synchronized void clearBackoffs() {
    for (Entry e : entries.values()) {
      if (!e.deferred) {
        e.backoff = null;
        e.notBefore = Instant.MIN;
      }
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
