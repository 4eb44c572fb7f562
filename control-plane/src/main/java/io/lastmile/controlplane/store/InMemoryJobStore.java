package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A job store in memory: fast and exact, but nothing survives a restart. Its outbox holds the
 * events of its changes like the database's does.
 */
public final class InMemoryJobStore implements JobStore, JobEventOutbox {
  private static final Comparator<Job> NEWEST_FIRST =
      Comparator.comparing(Job::createTime).thenComparing(Job::id).reversed();

  /** Read without the lock (see {@link #get}); changed only while holding it. */
  private final Map<String, Job> byId = new ConcurrentHashMap<>();

  private final Map<String, String> idByRequest = new HashMap<>();
  private final boolean keepsEvents;
  private final List<Entry> outbox = new ArrayList<>();
  private final Map<Long, Instant> publishedAt = new HashMap<>();
  private long nextSeq = 1;

  public InMemoryJobStore() {
    this(true);
  }

  private InMemoryJobStore(boolean keepsEvents) {
    this.keepsEvents = keepsEvents;
  }

  /** A store whose changes make no events: the memory in front of a database that keeps them. */
  static InMemoryJobStore withoutEvents() {
    return new InMemoryJobStore(false);
  }

  @Override
  public synchronized Inserted insertIfAbsent(Job job) {
    String existing = idByRequest.get(job.requestId());
    if (existing != null) {
      return new Inserted(byId.get(existing), false);
    }
    byId.put(job.id(), job);
    idByRequest.put(job.requestId(), job.id());
    record(null, job);
    return new Inserted(job, true);
  }

  /** The job created for {@code requestId}, if any. */
  synchronized Optional<Job> byRequest(String requestId) {
    String id = idByRequest.get(requestId);
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  /** Takes no lock: readers of one job do not wait for writers of others, nor for listings. */
  @Override
  public Optional<Job> get(String jobId) {
    return Optional.ofNullable(byId.get(jobId));
  }

  @Override
  public synchronized void update(Job job) {
    Job stored = byId.get(job.id());
    long storedVersion = stored == null ? -1 : stored.version();
    if (storedVersion + 1 != job.version()) {
      throw new StaleVersionException(job.id(), job.version() - 1, storedVersion);
    }
    byId.put(job.id(), job);
    record(stored, job);
  }

  /**
   * Replaces a held job with a later version of it written elsewhere first; a job not held (never
   * or no longer) stays out.
   */
  synchronized void replaceIfHeld(Job job) {
    byId.computeIfPresent(job.id(), (id, held) -> job);
  }

  /** Lets go of a job and of its request id. */
  synchronized void forget(String jobId) {
    Job job = byId.remove(jobId);
    if (job != null) {
      idByRequest.remove(job.requestId(), jobId);
    }
  }

  @Override
  public synchronized void explain(List<Job> explained) {
    for (Job job : explained) {
      Job stored = byId.get(job.id());
      if (stored != null
          && stored.version() == job.version()
          && stored.state() == JobState.PENDING) {
        byId.put(job.id(), job);
      }
    }
  }

  private void record(Job before, Job after) {
    if (keepsEvents) {
      JobEvent.between(before, after).ifPresent(e -> outbox.add(new Entry(nextSeq++, e)));
    }
  }

  @Override
  public synchronized List<Entry> unpublished(int max) {
    return outbox.stream().filter(e -> !publishedAt.containsKey(e.seq())).limit(max).toList();
  }

  @Override
  public synchronized void markPublished(List<Long> seqs, Instant at) {
    seqs.forEach(seq -> publishedAt.put(seq, at));
  }

  @Override
  public synchronized int purgePublished(Instant before) {
    int removed = 0;
    for (Iterator<Entry> it = outbox.iterator(); it.hasNext(); ) {
      long seq = it.next().seq();
      Instant at = publishedAt.get(seq);
      if (at != null && at.isBefore(before)) {
        it.remove();
        publishedAt.remove(seq);
        removed++;
      }
    }
    return removed;
  }

  @Override
  public synchronized Page list(
      Set<JobState> states, String tenant, int pageSize, String pageToken) {
    PageToken after = pageToken.isEmpty() ? null : PageToken.decode(pageToken);
    List<Job> matching = new ArrayList<>();
    for (Job job : byId.values()) {
      if ((states.isEmpty() || states.contains(job.state()))
          && (tenant.isEmpty() || tenant.equals(job.spec().tenant()))
          && (after == null || after.precedes(job))) {
        matching.add(job);
      }
    }
    matching.sort(NEWEST_FIRST);
    if (matching.size() <= pageSize) {
      return new Page(matching, "");
    }
    List<Job> page = List.copyOf(matching.subList(0, pageSize));
    return new Page(page, PageToken.after(page.get(page.size() - 1)).encode());
  }

  /** Goes through every job: the store holds them all in memory, and a page is asked for rarely. */
  @Override
  public Found find(JobQuery query) {
    List<Job> selected = new ArrayList<>();
    Map<JobState, Integer> byState = new java.util.EnumMap<>(JobState.class);
    synchronized (this) {
      for (Job job : byId.values()) {
        if (query.matchesExceptState(job)) {
          byState.merge(job.state(), 1, Integer::sum);
          if (query.matchesState(job)) {
            selected.add(job);
          }
        }
      }
    }
    selected.sort(query.order());
    int from = Math.min(query.offset(), selected.size());
    int to = Math.min(from + query.limit(), selected.size());
    return new Found(selected.subList(from, to), selected.size(), byState);
  }

  @Override
  public synchronized List<Job> unfinished() {
    return byId.values().stream()
        .filter(j -> !j.state().isTerminal())
        .sorted(NEWEST_FIRST.reversed())
        .toList();
  }
}
