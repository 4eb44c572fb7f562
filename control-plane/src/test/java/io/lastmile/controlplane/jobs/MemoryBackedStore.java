package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.store.InMemoryJobStore;
import io.lastmile.controlplane.store.JobQuery;
import io.lastmile.controlplane.store.JobStore;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A job store in memory for tests to override a write or two of. */
abstract class MemoryBackedStore implements JobStore {
  protected final InMemoryJobStore jobs = new InMemoryJobStore();

  @Override
  public Inserted insertIfAbsent(Job job) {
    return jobs.insertIfAbsent(job);
  }

  @Override
  public Optional<Job> get(String jobId) {
    return jobs.get(jobId);
  }

  @Override
  public void update(Job job) {
    jobs.update(job);
  }

  @Override
  public void explain(List<Job> explained) {
    jobs.explain(explained);
  }

  @Override
  public Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return jobs.list(states, tenant, pageSize, pageToken);
  }

  @Override
  public Found find(JobQuery query) {
    return jobs.find(query);
  }

  @Override
  public List<Job> unfinished() {
    return jobs.unfinished();
  }
}
