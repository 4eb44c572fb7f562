package io.lastmile.controlplane.store;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where jobs, their attempts and nodes live. Every write is atomic and checked against the job's
 * version; a write that returns normally is durable.
 */
public interface JobStore {

  /**
   * Stores {@code job} unless a job with its request id exists.
   *
   * @return the stored job with its request id, and whether this call created it
   */
  Inserted insertIfAbsent(Job job);

  /**
   * {@link #insertIfAbsent} that does not wait: the future completes once the outcome is durable,
   * possibly on the thread that wrote it, so what runs after it must not block.
   */
  default CompletableFuture<Inserted> insertIfAbsentAsync(Job job) {
    try {
      return CompletableFuture.completedFuture(insertIfAbsent(job));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  Optional<Job> get(String jobId);

  /**
   * Replaces the stored job with {@code job}, whose version must be one above the stored one.
   *
   * @throws StaleVersionException when another writer changed the job first
   */
  void update(Job job);

  /**
   * Replaces the stored job and releases {@code releasedAttemptId}'s hold on its node in the same
   * write.
   */
  default void update(Job job, String releasedAttemptId) {
    update(job);
  }

  /**
   * {@link #update} of several jobs, each at most once, that also frees {@code releasedAttemptIds}'
   * holds, in one write: all of it is saved, or none.
   */
  default void updateAll(List<Job> jobs, List<String> releasedAttemptIds) {
    jobs.forEach(this::update);
    releasedAttemptIds.forEach(this::releaseAttempt);
  }

  /**
   * Replaces the explanations of pending jobs, each at its stored version, in memory only: why a
   * job waits is worked out again by the first scheduling cycle after a restart, so it is not worth
   * a write per job. A job changed since is left as it is.
   */
  void explain(List<Job> explained);

  /** Saves a job bound to a node (SCHEDULED) together with its attempt. */
  default void bind(Job job, String nodeId, Assignment attempt) {
    bindAll(List.of(new Binding(job, nodeId, attempt)));
  }

  /** {@link #bind} of several jobs in one write: all of them are saved, or none. */
  default void bindAll(List<Binding> bindings) {
    bindings.forEach(b -> update(b.job()));
  }

  /** A job bound to a node ({@code job} is SCHEDULED) and the attempt it is to run there. */
  record Binding(Job job, String nodeId, Assignment attempt) {}

  /** Frees an attempt's hold on its node when no job change goes with it. */
  default void releaseAttempt(String attemptId) {}

  /** Records the latest registration of each node, in one write; a later one of a node wins. */
  default void nodesRegistered(List<NodeInfo> infos) {}

  /**
   * Since when the store has been writable without a break, or empty while it is not (its database
   * away). A store in memory always is.
   */
  default Optional<java.time.Instant> writableSince() {
    return Optional.of(java.time.Instant.EPOCH);
  }

  /** Everything stored, to rebuild memory on start. */
  default StoredState load() {
    return StoredState.empty();
  }

  /** Jobs newest first, filtered by state (empty: all), after {@code pageToken}. */
  default Page list(Set<JobState> states, int pageSize, String pageToken) {
    return list(states, "", pageSize, pageToken);
  }

  /**
   * Jobs newest first, filtered by state (empty: all) and by the tenant that submitted them (empty:
   * every tenant's), after {@code pageToken}.
   */
  Page list(Set<JobState> states, String tenant, int pageSize, String pageToken);

  /**
   * One page of the jobs {@code query} selects, how many it selects in all, and how many of those
   * passing its other filters are in each state (so a state filter can show what each choice
   * holds).
   */
  Found find(JobQuery query);

  /** Jobs that are not finished, oldest first. */
  List<Job> unfinished();

  record Inserted(Job job, boolean created) {}

  record Page(List<Job> jobs, String nextPageToken) {}

  /**
   * @param total jobs the query selects, over all pages
   * @param byState jobs passing every filter but the state one, per state; states with none left
   *     out
   */
  record Found(List<Job> jobs, int total, java.util.Map<JobState, Integer> byState) {
    public Found {
      jobs = List.copyOf(jobs);
      byState = java.util.Map.copyOf(byState);
    }
  }

  /**
   * Raised when a write loses an optimistic concurrency race. Internal: the job lifecycle is the
   * only writer, so a client that meets this meets a bug and is answered INTERNAL.
   */
  final class StaleVersionException extends RuntimeException {
    public StaleVersionException(String jobId, long expected, long actual) {
      super(
          "job %s changed concurrently: expected version %d, stored %d"
              .formatted(jobId, expected, actual));
    }
  }
}
