package io.lastmile.controlplane.store;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Jobs in the database, written through and read from memory. A write returns only after its
 * transaction committed; each checks the job's version and this control plane's leader epoch in the
 * same transaction. New jobs are written in groups (see {@link InsertBatcher}). Every change that
 * makes a {@link JobEvent} writes it to the outbox in its transaction, or, for a channel inside the
 * process (which has no outage to outlast), hands it over once the transaction committed.
 */
public final class JdbcJobStore implements JobStore, JobEventOutbox, AutoCloseable {
  private static final int MAX_BATCH = 256;
  private static final int WRITERS = 2;

  private final Database db;
  private final LeaderFence fence;
  private final JobRows rows;
  private final OutboxRows outbox;
  private final Clock clock;
  private final InMemoryJobStore cache = InMemoryJobStore.withoutEvents();

  /**
   * Request ids whose first insert is being committed, to the job it creates. Only while it is:
   * once committed, the job is found by its request id in memory, and no second copy of every job
   * stays behind here.
   */
  private final ConcurrentHashMap<String, CompletableFuture<Job>> inFlight =
      new ConcurrentHashMap<>();

  private final InsertBatcher inserts;

  /** Where events go when they skip the outbox; null when they are kept in it. */
  private final Consumer<List<JobEvent>> direct;

  /** A store whose events are written to the outbox, to be published from there. */
  @Override
  public Optional<Instant> writableSince() {
    DatabaseProbe.Reading r = db.probe().reading();
    return r.up() ? Optional.of(r.since()) : Optional.empty();
  }

  public JdbcJobStore(Database db, LeaderFence fence, Clock clock) {
    this(db, fence, clock, null);
  }

  private JdbcJobStore(
      Database db, LeaderFence fence, Clock clock, Consumer<List<JobEvent>> direct) {
    this.db = db;
    this.fence = fence;
    this.rows = new JobRows(fence.region());
    this.outbox = new OutboxRows(fence.region());
    this.clock = clock;
    this.direct = direct;
    this.inserts =
        new InsertBatcher(
            jobs -> write(events(jobs), c -> rows.insert(c, jobs)), MAX_BATCH, WRITERS);
  }

  /**
   * A store that writes no outbox: each change's events go to {@code direct} once it committed, in
   * commit order for any one job. For an in-process channel, where nothing outside the process
   * waits for them and there is no broker outage to outlast.
   */
  public static JdbcJobStore publishingDirectly(
      Database db, LeaderFence fence, Clock clock, Consumer<List<JobEvent>> direct) {
    return new JdbcJobStore(db, fence, clock, Objects.requireNonNull(direct));
  }

  @Override
  public Inserted insertIfAbsent(Job job) {
    return Futures.join(insertIfAbsentAsync(job));
  }

  /**
   * The first submission of a request id joins the next group commit; a later one is answered with
   * the stored job, or waits for the first's outcome and, if the first failed, tries on its own.
   */
  @Override
  public CompletableFuture<Inserted> insertIfAbsentAsync(Job job) {
    String requestId = job.requestId();
    Optional<Job> stored = cache.byRequest(requestId);
    if (stored.isPresent()) {
      return CompletableFuture.completedFuture(new Inserted(stored.get(), false));
    }
    CompletableFuture<Job> mine = new CompletableFuture<>();
    CompletableFuture<Job> first = inFlight.putIfAbsent(requestId, mine);
    if (first != null) {
      return first
          .handle(
              (created, error) ->
                  error == null
                      ? CompletableFuture.completedFuture(
                          new Inserted(cache.get(created.id()).orElse(created), false))
                      : insertIfAbsentAsync(job))
          .thenCompose(f -> f);
    }
    // The first may have committed and left between the look-up above and putIfAbsent: it is in
    // memory before it leaves, so a second look finds it.
    stored = cache.byRequest(requestId);
    if (stored.isPresent()) {
      inFlight.remove(requestId, mine);
      mine.complete(stored.get());
      return CompletableFuture.completedFuture(new Inserted(stored.get(), false));
    }
    return inserts
        .enqueue(job)
        .handle(
            (committed, error) -> {
              if (error != null) {
                inFlight.remove(requestId, mine);
                mine.completeExceptionally(error);
                throw error instanceof CompletionException ce ? ce : new CompletionException(error);
              }
              cache.insertIfAbsent(job);
              inFlight.remove(requestId, mine);
              mine.complete(job);
              return new Inserted(job, true);
            });
  }

  @Override
  public Optional<Job> get(String jobId) {
    return cache.get(jobId);
  }

  @Override
  public void update(Job job) {
    writeUpdates(List.of(job), c -> {});
  }

  @Override
  public void update(Job job, String releasedAttemptId) {
    writeUpdates(List.of(job), c -> rows.releaseAttempt(c, releasedAttemptId, clock.instant()));
  }

  @Override
  public void explain(List<Job> explained) {
    cache.explain(explained);
  }

  @Override
  public void bind(Job job, String nodeId, Assignment attempt) {
    writeUpdates(List.of(job), c -> rows.bindAttempt(c, nodeId, attempt, job.updateTime()));
  }

  @Override
  public void releaseAttempt(String attemptId) {
    write(c -> rows.releaseAttempt(c, attemptId, clock.instant()));
  }

  @Override
  public void nodesRegistered(List<NodeInfo> infos) {
    if (!infos.isEmpty()) {
      write(c -> rows.upsertNodes(c, infos, clock.instant()));
    }
  }

  /** Reads everything stored and fills the memory it serves reads from. Call once, first. */
  @Override
  public StoredState load() {
    StoredState state =
        db.inTransaction(
            c ->
                new StoredState(
                    rows.loadJobs(c),
                    rows.loadNodes(c),
                    rows.loadLiveAttempts(c),
                    rows.maxEpoch(c)));
    for (Job job : state.jobs()) {
      cache.insertIfAbsent(job);
    }
    return state;
  }

  @Override
  public Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return cache.list(states, tenant, pageSize, pageToken);
  }

  @Override
  public Found find(JobQuery query) {
    return cache.find(query);
  }

  @Override
  public List<Job> unfinished() {
    return cache.unfinished();
  }

  @Override
  public List<Entry> unpublished(int max) {
    return db.inTransaction(c -> outbox.unpublished(c, max));
  }

  @Override
  public void markPublished(List<Long> seqs, Instant at) {
    if (!seqs.isEmpty()) {
      db.inTransaction(
          c -> {
            outbox.markPublished(c, seqs, at);
            return null;
          });
    }
  }

  @Override
  public int purgePublished(Instant before) {
    return db.inTransaction(c -> outbox.purgePublished(c, before));
  }

  /** Writes {@code jobs}, each one version above memory's, and {@code more} in one transaction. */
  private void writeUpdates(List<Job> jobs, SqlWork more) {
    jobs.forEach(this::requireNext);
    write(
        events(jobs),
        c -> {
          rows.update(c, jobs);
          more.run(c);
        });
    jobs.forEach(cache::update);
  }

  /**
   * One transaction of {@code work} and of {@code events}: written to the outbox in it, or handed
   * over once it committed.
   */
  private void write(List<JobEvent> events, SqlWork work) {
    write(
        c -> {
          work.run(c);
          if (direct == null) {
            outbox.insert(c, events);
          }
        });
    if (direct != null && !events.isEmpty()) {
      direct.accept(events);
    }
  }

  /** The events of {@code jobs} over what memory holds of them: call before updating memory. */
  private List<JobEvent> events(List<Job> jobs) {
    return jobs.stream()
        .flatMap(job -> JobEvent.between(cache.get(job.id()).orElse(null), job).stream())
        .toList();
  }

  private void requireNext(Job job) {
    long stored = cache.get(job.id()).map(Job::version).orElse(-1L);
    if (stored + 1 != job.version()) {
      throw new StaleVersionException(job.id(), job.version() - 1, stored);
    }
  }

  /** One transaction that first checks this control plane still leads. */
  private void write(SqlWork work) {
    db.inTransaction(
        c -> {
          fence.check(c, db.dialect());
          work.run(c);
          return null;
        });
  }

  @FunctionalInterface
  private interface SqlWork {
    void run(Connection c) throws SQLException;
  }

  @Override
  public void close() {
    inserts.close();
  }
}
