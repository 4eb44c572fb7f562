package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import java.util.ArrayList;
import java.util.List;

/** Jobs in memory; counts the jobs of each grouped write (binds, updates), or fails them. */
final class CountingStore extends MemoryBackedStore {
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
    jobs.updateAll(changed, releasedAttemptIds);
  }

  @Override
  public void bindAll(List<Binding> bindings) {
    if (failBinds) {
      throw new IllegalStateException("the database went away");
    }
    bindWrites.add(bindings.size());
    jobs.bindAll(bindings);
  }
}
