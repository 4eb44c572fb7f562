package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.store.InMemoryJobStore;
import io.lastmile.controlplane.store.JobQuery;
import io.lastmile.controlplane.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Jobs in memory; counts the jobs of each grouped write (binds, updates), or fails them. */
final class CountingStore implements JobStore {
  private final InMemoryJobStore jobs = new InMemoryJobStore();
  final List<Integer> bindWrites = new ArrayList<>();
  final List<Integer> groupWrites = new ArrayList<>();
  boolean failBinds;
  boolean failGroups;

  @Override
  public void updateAll(List<Job> changed, List<String> releasedAttemptIds) {
    if (failGroups) {
      throw new IllegalStateException("the database went away");
    }
    groupWrites.add(changed.size());
    JobStore.super.updateAll(changed, releasedAttemptIds);
  }

  @Override
  public void bindAll(List<Binding> bindings) {
    if (failBinds) {
      throw new IllegalStateException("the database went away");
    }
    bindWrites.add(bindings.size());
    jobs.bindAll(bindings);
  }

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
