package io.lastmile.controlplane.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobEvent;
import io.lastmile.controlplane.domain.JobEventType;
import io.lastmile.controlplane.domain.JobState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every store writes a job's events with its changes and hands them out in order until published.
 */
class JobEventOutboxTest {
  static final Instant T0 = JdbcJobStoreContract.T0;

  @TempDir Path dir;
  private final String region = TestDatabases.freshRegion();
  private Database db;
  private JdbcJobStore jdbc;

  @AfterEach
  void close() {
    if (jdbc != null) {
      jdbc.close();
    }
    if (db != null) {
      db.close();
    }
  }

  /** The store under test, which is also its outbox. */
  private <S extends JobStore & JobEventOutbox> S open(String kind) {
    if (kind.equals("memory")) {
      @SuppressWarnings("unchecked")
      S memory = (S) new InMemoryJobStore();
      return memory;
    }
    db = kind.equals("h2") ? TestDatabases.h2(dir) : TestDatabases.postgres();
    LeaderFence fence = new LeaderFence(region, "test", Clock.fixed(T0, ZoneOffset.UTC));
    fence.acquire(db);
    jdbc = new JdbcJobStore(db, fence, Clock.fixed(T0, ZoneOffset.UTC));
    @SuppressWarnings("unchecked")
    S store = (S) jdbc;
    return store;
  }

  private Job job(String name) {
    return Job.accepted(region + "-" + name, "req-" + name, JdbcJobStoreContract.spec(name), T0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void aJobsLifeIsOneEventPerTransitionInOrderAndAnExplanationIsNone(String kind) {
    var store = open(kind);
    Job job = job("job-1");
    String attempt = job.id() + "/1";
    store.insertIfAbsent(job);
    Job explained = job.pending("0/0 nodes can host the job", T0.plusSeconds(1));
    store.update(explained);
    Job placed = explained.scheduled("edge-1", "de-fra", attempt, "placed", T0.plusSeconds(2));
    store.bind(placed, "edge-1", assignment(placed, attempt));
    Job running = placed.transition(JobState.RUNNING, null, "running", 0, T0.plusSeconds(3));
    store.update(running);
    Job done =
        running
            .plusCost(0.75, "EUR")
            .transition(JobState.SUCCEEDED, 0, "exited with code 0", 250, T0.plusSeconds(63));
    store.update(done, attempt);

    List<JobEventOutbox.Entry> pending = store.unpublished(100);

    assertThat(pending)
        .extracting(e -> e.event().type())
        .containsExactly(
            JobEventType.SUBMITTED,
            JobEventType.PLACED,
            JobEventType.RUNNING,
            JobEventType.SUCCEEDED);
    assertThat(pending).extracting(JobEventOutbox.Entry::seq).isSorted().doesNotHaveDuplicates();
    assertThat(pending.get(0).event())
        .isEqualTo(
            new JobEvent(
                job.id() + "-v0",
                JobEventType.SUBMITTED,
                T0,
                job.id(),
                0,
                "",
                "acme",
                null,
                JobState.PENDING,
                "",
                "",
                1,
                0,
                0,
                "",
                null,
                ""));
    assertThat(pending.get(3).event())
        .isEqualTo(
            new JobEvent(
                job.id() + "-v4",
                JobEventType.SUCCEEDED,
                T0.plusSeconds(63),
                job.id(),
                4,
                attempt,
                "acme",
                JobState.RUNNING,
                JobState.SUCCEEDED,
                "edge-1",
                "de-fra",
                1,
                250,
                0.75,
                "EUR",
                0,
                "exited with code 0"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void aRejectedWriteLeavesNoEvent(String kind) {
    var store = open(kind);
    Job job = job("job-1");
    store.insertIfAbsent(job);
    store.update(job.transition(JobState.CANCELLED, null, "cancelled", 0, T0));

    assertThatThrownBy(
            () -> store.update(job.transition(JobState.FAILED, 1, "stale", 0, T0.plusSeconds(1))))
        .isInstanceOf(JobStore.StaleVersionException.class);

    assertThat(store.unpublished(100))
        .extracting(e -> e.event().type())
        .containsExactly(JobEventType.SUBMITTED, JobEventType.CANCELLED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"memory", "h2", "postgres"})
  void publishedEventsAreNotHandedOutAgainAndArePurgedOnlyAfterTheCutoff(String kind) {
    var store = open(kind);
    for (int i = 0; i < 3; i++) {
      store.insertIfAbsent(job("job-" + i));
    }
    List<JobEventOutbox.Entry> all = store.unpublished(100);
    store.markPublished(List.of(all.get(0).seq()), T0);
    store.markPublished(List.of(all.get(1).seq()), T0.plusSeconds(60));

    assertThat(store.unpublished(100)).containsExactly(all.get(2));
    assertThat(store.unpublished(1)).containsExactly(all.get(2));
    assertThat(store.purgePublished(T0.plusSeconds(30))).isEqualTo(1);
    assertThat(store.purgePublished(T0.plusSeconds(30))).isZero();
    assertThat(store.purgePublished(T0.plusSeconds(3600))).isEqualTo(1);
    assertThat(store.unpublished(100)).containsExactly(all.get(2));
  }

  private static Assignment assignment(Job job, String attemptId) {
    return new Assignment(
        attemptId, job.id(), 1, job.spec().workload(), List.of(0), 500, 2048, null);
  }
}
