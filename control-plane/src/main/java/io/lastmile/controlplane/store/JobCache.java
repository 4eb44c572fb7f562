package io.lastmile.controlplane.store;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The jobs a {@link JdbcJobStore} serves from memory: every unfinished job, and the finished ones
 * its {@link Retention} keeps. A job is put here only once its write committed, so the database
 * always holds the same version or a later one, and a job let go is read from there instead.
 */
final class JobCache {
  private final InMemoryJobStore jobs = InMemoryJobStore.withoutEvents();
  private final FinishedOrder finished;
  private final Clock clock;

  JobCache(Retention retention, Clock clock) {
    this.finished = new FinishedOrder(retention);
    this.clock = clock;
  }

  Optional<Job> get(String jobId) {
    return jobs.get(jobId);
  }

  Optional<Job> byRequest(String requestId) {
    return jobs.byRequest(requestId);
  }

  /** Holds a job just committed or loaded; a finished one counts towards the retention. */
  synchronized void added(Job job) {
    jobs.insertIfAbsent(job);
    noteIfFinished(job);
  }

  /**
   * Replaces a held job with the version just committed. A finished job no longer held stays out:
   * its later versions (a cancelled job's final energy) are read from the database.
   */
  synchronized void changed(Job job) {
    jobs.replaceIfHeld(job);
    noteIfFinished(job);
  }

  void explain(List<Job> explained) {
    jobs.explain(explained);
  }

  /** {@link InMemoryJobStore#list}: only of states whose jobs memory holds all of. */
  JobStore.Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return jobs.list(states, tenant, pageSize, pageToken);
  }

  /**
   * Each of {@code stored} as memory holds it when that is the same version: with its explanation.
   */
  List<Job> asHeld(List<Job> stored) {
    return stored.stream()
        .map(job -> jobs.get(job.id()).filter(h -> h.version() == job.version()).orElse(job))
        .toList();
  }

  List<Job> unfinished() {
    return jobs.unfinished();
  }

  /** Lets go of the finished jobs that have been kept too long by now. */
  synchronized void expire() {
    finished.expired(clock.instant()).forEach(jobs::forget);
  }

  /** How many finished jobs are held, once those kept too long by now are let go. */
  synchronized int finishedHeld() {
    expire();
    return finished.size();
  }

  private void noteIfFinished(Job job) {
    if (job.state().isTerminal() && jobs.get(job.id()).isPresent()) {
      finished.finished(job.id(), job.updateTime());
      expire();
    }
  }
}
