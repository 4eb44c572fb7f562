package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Finished jobs leave {@link JdbcJobStore}'s memory as its {@link Retention} says and are still
 * answered from the database, on every database the store runs on.
 */
abstract class FinishedJobRetentionContract {
  static final Instant T0 = JdbcJobStoreContract.T0;
  final SettableClock clock = new SettableClock(T0);
  final String region = TestDatabases.freshRegion();
  Database db;
  JdbcJobStore store;

  abstract Database open();

  @BeforeEach
  void openDatabase() {
    db = open();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
    db.close();
  }

  /** A (new) store on the database keeping finished jobs as {@code retention} says, loaded. */
  StoredState start(Retention retention) {
    if (store != null) {
      store.close();
    }
    LeaderFence fence = new LeaderFence(region, "test", clock);
    fence.acquire(db);
    store = new JdbcJobStore(db, fence, clock, retention);
    return store.load();
  }

  Job submitted(String name) {
    Job job =
        Job.accepted(
            region + "-" + name, "req-" + name, JdbcJobStoreContract.spec(name), clock.instant());
    store.insertIfAbsent(job);
    return job;
  }

  /** Runs {@code job} on a node to success, one second later. */
  Job finished(Job job) {
    clock.advance(Duration.ofSeconds(1));
    Job placed = job.scheduled("edge-1", "de-fra", job.id() + "/1", "placed", clock.instant());
    store.update(placed);
    Job done = placed.transition(JobState.SUCCEEDED, 0, "exited with code 0", 2.0, clock.instant());
    store.update(done);
    return done;
  }

  @Test
  void finishedJobsOverTheCountLeaveMemoryAndAreStillAnsweredFromTheStore() {
    start(new Retention(2, Duration.ofHours(1)));
    List<Job> done = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      done.add(finished(submitted("job-" + i)));
    }

    assertThat(store.finishedInMemory()).isEqualTo(2);
    assertThat(store.get(done.get(0).id())).contains(done.get(0));
    assertThat(store.list(Set.of(), 10, "").jobs())
        .extracting(Job::id)
        .containsExactly(ids(done.get(3), done.get(2), done.get(1), done.get(0)));
    assertThat(store.list(Set.of(JobState.SUCCEEDED), 10, "").jobs()).hasSize(4);
    assertThat(store.find(JobQuery.all("", 10)).total()).isEqualTo(4);
  }

  @Test
  void finishedJobsOlderThanTheAgeLeaveMemoryAndAreStillAnsweredFromTheStore() {
    start(new Retention(100, Duration.ofMinutes(10)));
    Job done = finished(submitted("job-1"));
    assertThat(store.finishedInMemory()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(10).plusSeconds(1));

    assertThat(store.finishedInMemory()).isZero();
    assertThat(store.get(done.id())).contains(done);
  }

  @Test
  void unfinishedJobsStayInMemoryWhateverTheRetention() {
    start(new Retention(0, Duration.ZERO));
    Job pending = submitted("job-1");
    Job done = finished(submitted("job-2"));
    clock.advance(Duration.ofDays(30));

    assertThat(store.unfinished()).containsExactly(pending);
    assertThat(store.finishedInMemory()).isZero();
    assertThat(store.list(Set.of(JobState.PENDING), 10, "").jobs()).containsExactly(pending);
    assertThat(store.list(Set.of(), 10, "").jobs()).containsExactly(done, pending);
  }

  @Test
  void pagesOverJobsInMemoryAndInTheStoreShowEachJobOnce() {
    start(new Retention(3, Duration.ofHours(1)));
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      Job job = submitted("job-" + i);
      expected.add(0, job.id());
      if (i % 3 != 0) {
        finished(job);
      }
    }

    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      JobStore.Page page = store.list(Set.of(), 2, token);
      page.jobs().forEach(j -> seen.add(j.id()));
      token = page.nextPageToken();
      // Jobs finishing (and leaving memory) between pages change nothing that was listed.
      store.unfinished().stream().limit(1).forEach(this::finished);
    } while (!token.isEmpty());

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void aRequestIdGivesItsFirstJobAfterTheJobLeftMemory() {
    start(new Retention(0, Duration.ZERO));
    Job done = finished(submitted("job-1"));

    JobStore.Inserted again =
        store.insertIfAbsent(
            Job.accepted(region + "-job-1b", "req-job-1", done.spec(), clock.instant()));

    assertThat(again.created()).isFalse();
    assertThat(again.job()).isEqualTo(done);
  }

  @Test
  void aBatchWithAnEvictedRequestIdStoresTheOthersAndAnswersItWithTheFirstJob() {
    start(new Retention(0, Duration.ZERO));
    Job done = finished(submitted("job-1"));

    List<CompletableFuture<JobStore.Inserted>> answers = new ArrayList<>();
    for (int i = 2; i <= 6; i++) {
      answers.add(
          store.insertIfAbsentAsync(
              Job.accepted(region + "-job-" + i, "req-job-" + i, done.spec(), clock.instant())));
      answers.add(
          store.insertIfAbsentAsync(
              Job.accepted(region + "-again-" + i, "req-job-1", done.spec(), clock.instant())));
    }

    List<JobStore.Inserted> inserted = answers.stream().map(CompletableFuture::join).toList();
    assertThat(inserted).filteredOn(JobStore.Inserted::created).hasSize(5);
    assertThat(inserted)
        .filteredOn(i -> !i.created())
        .extracting(JobStore.Inserted::job)
        .containsOnly(done);
    assertThat(store.find(JobQuery.all("", 100)).total()).isEqualTo(6);
  }

  @Test
  void aRestartLoadsTheUnfinishedJobsAndOnlyTheRetainedFinishedOnes() {
    start(new Retention(2, Duration.ofHours(1)));
    Job pending = submitted("job-pending");
    Job old = finished(submitted("job-old"));
    Job second = finished(submitted("job-2"));
    Job third = finished(submitted("job-3"));
    Job fourth = finished(submitted("job-4"));

    assertThat(start(new Retention(2, Duration.ofHours(1))).jobs())
        .containsExactly(third, fourth, pending);

    // By now job-3 finished more than an hour ago.
    clock.advance(Duration.ofMillis(3_599_500));
    assertThat(start(new Retention(2, Duration.ofHours(1))).jobs())
        .containsExactly(fourth, pending);
    assertThat(store.get(old.id())).contains(old);
    assertThat(store.get(second.id())).contains(second);
    assertThat(store.get(third.id())).contains(third);
  }

  @Test
  void aCancelledJobsFinalReportIsStoredAfterTheJobLeftMemory() {
    start(new Retention(0, Duration.ZERO));
    Job job = submitted("job-1");
    Job placed = job.scheduled("edge-1", "de-fra", job.id() + "/1", "placed", clock.instant());
    store.update(placed);
    Job cancelled = placed.transition(JobState.CANCELLED, null, "by its owner", 0, T0);
    store.update(cancelled);
    assertThat(store.finishedInMemory()).isZero();

    Job stopped = cancelled.transition(JobState.CANCELLED, 137, "stopped", 4.5, T0);
    store.update(stopped);

    assertThat(store.get(job.id())).contains(stopped);
  }

  @Test
  void theListingsFiltersAndOrderAreAnsweredByTheStore() {
    start(new Retention(0, Duration.ZERO));
    Job alpha = finished(submitted("Alpha_run"));
    Job beta = finished(submitted("beta-run"));
    Job gamma = submitted("gamma");

    JobQuery byName =
        new JobQuery(
            Set.of(),
            Set.of(JobClass.DEFERRABLE),
            "de-fra",
            "",
            "RUN",
            "acme",
            JobQuery.Sort.NAME,
            false,
            0,
            10);
    JobStore.Found found = store.find(byName);
    assertThat(found.jobs()).containsExactly(alpha, beta);
    assertThat(found.byState()).containsExactlyEntriesOf(java.util.Map.of(JobState.SUCCEEDED, 2));

    JobQuery pendingOnly =
        new JobQuery(
            Set.of(JobState.PENDING),
            Set.of(),
            "",
            "",
            "",
            "acme",
            JobQuery.Sort.CREATED,
            true,
            0,
            10);
    assertThat(store.find(pendingOnly).jobs()).containsExactly(gamma);
    assertThat(store.find(pendingOnly).total()).isEqualTo(1);
    assertThat(store.find(JobQuery.all("someone-else", 10)).total()).isZero();
    assertThat(store.list(Set.of(), "someone-else", 10, "").jobs()).isEmpty();
    assertThat(
            store
                .find(
                    new JobQuery(
                        Set.of(),
                        Set.of(),
                        "",
                        "",
                        "a\\_r",
                        "",
                        JobQuery.Sort.CREATED,
                        true,
                        0,
                        10))
                .total())
        .isZero();
    assertThat(
            store
                .find(
                    new JobQuery(
                        Set.of(), Set.of(), "", "", "a_r", "", JobQuery.Sort.CREATED, true, 0, 10))
                .jobs())
        .containsExactly(alpha);
  }

  @Test
  void jobsStoredBeforeTheListingColumnsAreListedAfterARestart() {
    start(Retention.DEFAULT);
    Job done = finished(submitted("job-1"));
    db.inTransaction(
        c -> {
          try (var clear =
              c.prepareStatement(
                  "UPDATE jobs SET tenant = NULL, job_class = NULL, name = NULL,"
                      + " origin_region = NULL, gpu_count = NULL WHERE region = ?")) {
            clear.setString(1, region);
            return clear.executeUpdate();
          }
        });

    start(new Retention(0, Duration.ZERO));

    assertThat(store.find(JobQuery.all("acme", 10)).jobs()).containsExactly(done);
  }

  private static String[] ids(Job... jobs) {
    return java.util.Arrays.stream(jobs).map(Job::id).toArray(String[]::new);
  }

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
