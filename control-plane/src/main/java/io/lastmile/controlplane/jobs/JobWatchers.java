package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Listeners on individual jobs, for WatchJob. */
public final class JobWatchers {
  private final Map<String, List<Listener>> byJob = new ConcurrentHashMap<>();

  /** Receives each new version of a watched job; must not block. */
  public interface Listener {
    void changed(Job job);

    /** The job finished; no more changes follow. */
    void completed();
  }

  /** Ends a watch. */
  public interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  Subscription add(String jobId, Listener listener) {
    byJob.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>()).add(listener);
    return () ->
        byJob.computeIfPresent(jobId, (id, l) -> l.remove(listener) && l.isEmpty() ? null : l);
  }

  void publish(Job job) {
    List<Listener> listeners = byJob.get(job.id());
    if (listeners != null) {
      listeners.forEach(l -> l.changed(job));
    }
  }

  void complete(String jobId) {
    List<Listener> listeners = byJob.remove(jobId);
    if (listeners != null) {
      listeners.forEach(Listener::completed);
    }
  }
}
