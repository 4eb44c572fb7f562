package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Jobs in the database, written through and read from memory. A write returns only after its
 * transaction committed; each checks the job's version and this control plane's leader epoch in the
 * same transaction. New jobs are written in groups (see {@link InsertBatcher}). Every change that
 * makes a {@link JobEvent} writes it to the outbox in its transaction, or, for a channel inside the
 * process (which has no outage to outlast), hands it over once the transaction committed.
 *
 * <p>Memory holds every unfinished job and the finished ones the {@link Retention} keeps (see
 * {@link JobCache}); a finished job that left it is read from the database. Listings that may show
 * finished jobs are answered by the database, with the in-memory version of each job shown.
 */
public final class JdbcJobStore implements JobStore, JobEventOutbox, AutoCloseable {
  private static final int MAX_BATCH = 256;
  private static final int WRITERS = 2;

  private final Database db;
  private final LeaderFence fence;
  private final JobRows rows;
  private final JobReads reads;
  private final JobListing listing;
  private final OutboxRows outbox;
  private final Clock clock;
  private final JobCache cache;
  private final InsertBatcher inserts;
  private final FirstInserts firsts;

  /** Where events go when they skip the outbox; null when they are kept in it. */
  private final Consumer<List<JobEvent>> direct;

  @Override
  public Optional<Instant> writableSince() {
    DatabaseProbe.Reading r = db.probe().reading();
    return r.up() ? Optional.of(r.since()) : Optional.empty();
  }

  /** A store whose events are written to the outbox, to be published from there. */
  public JdbcJobStore(Database db, LeaderFence fence, Clock clock) {
    this(db, fence, clock, Retention.DEFAULT);
  }

  public JdbcJobStore(Database db, LeaderFence fence, Clock clock, Retention retention) {
    this(db, fence, clock, retention, null);
  }

  private JdbcJobStore(
      Database db,
      LeaderFence fence,
      Clock clock,
      Retention retention,
      Consumer<List<JobEvent>> direct) {
    this.db = db;
    this.fence = fence;
    this.cache = new JobCache(retention, clock);
    this.rows = new JobRows(fence.region());
    this.reads = new JobReads(fence.region(), retention);
    this.listing = new JobListing(db, fence.region(), reads, cache);
    this.outbox = new OutboxRows(fence.region());
    this.clock = clock;
    this.direct = direct;
    this.inserts = new InsertBatcher(this::insertNew, MAX_BATCH, WRITERS);
    this.firsts = new FirstInserts(cache, inserts::enqueue);
  }

  /**
   * A store that writes no outbox: each change's events go to {@code direct} once it committed, in
   * commit order for any one job. For an in-process channel, where nothing outside the process
   * waits for them and there is no broker outage to outlast.
   */
  public static JdbcJobStore publishingDirectly(
      Database db,
      LeaderFence fence,
      Clock clock,
      Retention retention,
      Consumer<List<JobEvent>> direct) {
    return new JdbcJobStore(db, fence, clock, retention, Objects.requireNonNull(direct));
  }

  @Override
  public Inserted insertIfAbsent(Job job) {
    return Futures.join(insertIfAbsentAsync(job));
  }

  /** See {@link FirstInserts}. */
  @Override
  public CompletableFuture<Inserted> insertIfAbsentAsync(Job job) {
    return firsts.insert(job);
  }

  /**
   * Writes the jobs of a batch whose request ids have no job stored yet; those that have one may
   * have left memory, so the database, not memory, is asked.
   *
   * @return the jobs stored earlier, by request id
   */
  private Map<String, Job> insertNew(List<Job> jobs) {
    Map<String, Job> earlier = new HashMap<>();
    List<Job> fresh = new ArrayList<>();
    write(
        c -> {
          earlier.putAll(reads.byRequestIds(c, jobs.stream().map(Job::requestId).toList()));
          jobs.stream().filter(j -> !earlier.containsKey(j.requestId())).forEach(fresh::add);
          rows.insert(c, fresh);
          if (direct == null) {
            outbox.insert(c, submitted(fresh));
          }
        });
    if (direct != null && !fresh.isEmpty()) {
      direct.accept(submitted(fresh));
    }
    return earlier;
  }

  /** The job from memory, or from the database when it is not (or no longer) held. */
  @Override
  public Optional<Job> get(String jobId) {
    Optional<Job> held = cache.get(jobId);
    return held.isPresent() ? held : db.inTransaction(c -> reads.byId(c, jobId));
  }

  @Override
  public void update(Job job) {
    writeUpdates(List.of(job), c -> {});
  }

  @Override
  public void update(Job job, String releasedAttemptId) {
    updateAll(List.of(job), List.of(releasedAttemptId));
  }

  @Override
  public void updateAll(List<Job> jobs, List<String> releasedAttemptIds) {
    writeUpdates(jobs, c -> rows.releaseAttempts(c, releasedAttemptIds, clock.instant()));
  }

  @Override
  public void explain(List<Job> explained) {
    cache.explain(explained);
  }

  @Override
  public void bindAll(List<Binding> bindings) {
    writeUpdates(bindings.stream().map(Binding::job).toList(), c -> rows.bindAttempts(c, bindings));
  }

  @Override
  public void releaseAttempt(String attemptId) {
    write(c -> rows.releaseAttempts(c, List.of(attemptId), clock.instant()));
  }

  @Override
  public void nodesRegistered(List<NodeInfo> infos) {
    if (!infos.isEmpty()) {
      write(c -> rows.upsertNodes(c, infos, clock.instant()));
    }
  }

  /**
   * Reads the nodes, live attempts and jobs to hold in memory (the unfinished ones and those the
   * retention keeps), and fills in the listing columns of jobs stored before they existed. Call
   * once, first.
   */
  @Override
  public StoredState load() {
    StoredState state =
        db.inTransaction(
            c ->
                new StoredState(
                    reads.toHold(c, clock.instant()),
                    rows.loadNodes(c),
                    rows.loadLiveAttempts(c),
                    rows.maxEpoch(c)));
    state.jobs().forEach(cache::added);
    return state;
  }

  @Override
  public Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return listing.list(states, tenant, pageSize, pageToken);
  }

  @Override
  public Found find(JobQuery query) {
    return listing.find(query);
  }

  @Override
  public List<Job> unfinished() {
    return cache.unfinished();
  }

  /** How many finished jobs memory holds now. */
  public int finishedInMemory() {
    return cache.finishedHeld();
  }

  @Override
  public List<Entry> unpublished(int max) {
    return db.inTransaction(c -> outbox.unpublished(c, max));
  }

  @Override
  public void markPublished(List<Long> seqs, Instant at) {
    if (!seqs.isEmpty()) {
      db.inTransaction(c -> outbox.markPublished(c, seqs, at));
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
    jobs.forEach(cache::changed);
    cache.expire();
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

  private static List<JobEvent> submitted(List<Job> created) {
    return created.stream().flatMap(job -> JobEvent.between(null, job).stream()).toList();
  }

  /** The events of {@code jobs} over what is stored of them: call before updating memory. */
  private List<JobEvent> events(List<Job> jobs) {
    return jobs.stream()
        .flatMap(job -> JobEvent.between(get(job.id()).orElse(null), job).stream())
        .toList();
  }

  private void requireNext(Job job) {
    long stored = get(job.id()).map(Job::version).orElse(-1L);
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
