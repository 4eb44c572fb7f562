package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.store.JobStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The job lifecycle's one serialisation point. It owns the lock and the state that must agree: the
 * jobs in the store, the attempts held on nodes, the scheduling queue, the jobs' watchers and the
 * epoch floor. Anyone may read a job; every change happens inside {@link #write}, through the
 * {@link Changes} it hands out, so a job's state and its node's allocations always agree. Nobody
 * else takes the lock.
 */
final class JobLedger {
  private final JobStore store;
  private final ClusterState cluster;
  private final SchedulingQueue queue;
  private final JobWatchers watchers = new JobWatchers();
  private final JobTimeline timeline = new JobTimeline();
  private final List<Runnable> workListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Job>> finishListeners = new CopyOnWriteArrayList<>();
  private final Changes changes = new Changes();
  private long epochFloor;

  JobLedger(JobStore store, ClusterState cluster, SchedulingQueue queue) {
    this.store = store;
    this.cluster = cluster;
    this.queue = queue;
  }

  /** Applies {@code change} while holding the lifecycle's lock; returns what it returns. */
  synchronized <T> T write(Function<Changes, T> change) {
    return change.apply(changes);
  }

  /** {@link #write} for changes that return nothing. */
  synchronized void update(Consumer<Changes> change) {
    change.accept(changes);
  }

  Optional<Job> find(String jobId) {
    return store.get(jobId);
  }

  Job get(String jobId) {
    return store.get(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
  }

  /**
   * Queues a job just made durable. Takes no lock, so that concurrent submissions share commits; a
   * cancel that came first leaves the job CANCELLED and the scheduling loop drops it.
   */
  void queueAccepted(Job job) {
    timeline.changed(job);
    queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.createTime());
    workAvailable();
  }

  /** The recent steps of every job, recorded as changes are published. */
  JobTimeline timeline() {
    return timeline;
  }

  /** Registers {@code listener} to hear that there may be work to place. */
  void onWorkAvailable(Runnable listener) {
    workListeners.add(listener);
  }

  /** Registers {@code listener} to hear of every change saved to a finished job. */
  void onFinished(Consumer<Job> listener) {
    finishListeners.add(listener);
  }

  void workAvailable() {
    workListeners.forEach(Runnable::run);
  }

  /** Highest attempt epoch ever stored; new epochs must be above it. */
  synchronized long epochFloor() {
    return epochFloor;
  }

  /** What may be changed while the lock is held. */
  final class Changes {
    ClusterState cluster() {
      return cluster;
    }

    SchedulingQueue queue() {
      return queue;
    }

    Job get(String jobId) {
      return JobLedger.this.get(jobId);
    }

    /** Saves a change and tells the job's watchers. */
    Job save(Job job) {
      store.update(job);
      return published(job);
    }

    /** Saves a change that also frees the attempt's hold on its node. */
    Job save(String releasedAttemptId, Job job) {
      store.update(job, releasedAttemptId);
      return published(job);
    }

    /**
     * Saves changes of several jobs, one each, in one write that also frees {@code
     * releasedAttemptIds}' holds, and tells the jobs' watchers.
     */
    void saveAll(List<Job> jobs, List<String> releasedAttemptIds) {
      store.updateAll(jobs, releasedAttemptIds);
      jobs.forEach(JobLedger.this::published);
    }

    /** Saves a job back to PENDING and queues it. */
    void requeue(Job job) {
      save(job);
      queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
    }

    /** {@link #requeue(Job)} that also frees the attempt's hold on its node. */
    void requeue(Job job, String releasedAttemptId) {
      save(releasedAttemptId, job);
      queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
    }

    /**
     * Saves jobs bound to nodes together with their attempts, in one write (durable first: an
     * attempt an agent runs is always one the store knows), holds the attempts' resources and takes
     * the jobs off the queue.
     */
    void bind(List<JobStore.Binding> bindings) {
      store.bindAll(bindings);
      for (JobStore.Binding b : bindings) {
        published(b.job());
        cluster.reserve(b.nodeId(), b.attempt());
        queue.remove(b.job().id());
      }
    }

    /** Keeps new explanations of pending jobs (in memory) and tells their watchers. */
    void explained(List<Job> jobs) {
      if (!jobs.isEmpty()) {
        store.explain(jobs);
        jobs.forEach(JobLedger.this::published);
      }
    }

    /** Forgets a stored attempt's hold on its node. */
    void releaseStoredAttempt(String attemptId) {
      store.releaseAttempt(attemptId);
    }

    /** Tells {@code listener} the job as it is now, then of every change. */
    JobWatchers.Subscription watch(String jobId, JobWatchers.Listener listener) {
      listener.changed(get(jobId));
      return watchers.add(jobId, listener);
    }

    void epochFloor(long epoch) {
      epochFloor = epoch;
    }
  }

  private Job published(Job job) {
    timeline.changed(job);
    watchers.publish(job);
    if (job.state().isTerminal()) {
      watchers.complete(job.id());
      finishListeners.forEach(l -> l.accept(job));
    }
    return job;
  }
}
