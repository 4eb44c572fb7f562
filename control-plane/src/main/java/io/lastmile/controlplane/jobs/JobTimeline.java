package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent steps of each job (every change of its state or attempt), in memory, so that a job's
 * detail can show its attempts and events: the store keeps only a job's latest state.
 *
 * <p>Bounded: at most {@link #MAX_JOBS} jobs, the one changed least recently forgotten first, and
 * the last {@link #MAX_STEPS} steps of each. Lost on restart; a job then shows the steps from its
 * next change on.
 */
public final class JobTimeline {
  static final int MAX_JOBS = 20_000;
  static final int MAX_STEPS = 32;

  /**
   * A job as one change left it.
   *
   * @param energyWh the job's energy over all its attempts when the change was made
   * @param cost the job's cost over all its attempts then, in {@code currency}
   */
  public record Step(
      Instant time,
      JobState state,
      String attemptId,
      String nodeId,
      String region,
      Integer exitCode,
      double energyWh,
      double cost,
      String currency,
      String message) {

    static Step of(Job job) {
      return new Step(
          job.updateTime(),
          job.state(),
          job.attemptId(),
          job.nodeId(),
          job.nodeRegion(),
          job.exitCode(),
          job.energyWh(),
          job.cost(),
          job.currency(),
          job.message());
    }
  }

  private final Map<String, Deque<Step>> byJob =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Step>> eldest) {
          return size() > MAX_JOBS;
        }
      };

  /**
   * Records {@code job} as it is now when its state or attempt differs from its last step; a new
   * explanation of a pending job is no step. A final report that adds energy to a finished job
   * replaces its last step.
   */
  public synchronized void changed(Job job) {
    Deque<Step> steps = byJob.computeIfAbsent(job.id(), id -> new ArrayDeque<>());
    Step last = steps.peekLast();
    if (last != null && last.state() == job.state() && last.attemptId().equals(job.attemptId())) {
      if (job.state().isTerminal()) {
        steps.pollLast();
        steps.addLast(Step.of(job));
      }
      return;
    }
    if (steps.size() == MAX_STEPS) {
      steps.pollFirst();
    }
    steps.addLast(Step.of(job));
  }

  /** The job's steps, oldest first; empty for a job not seen since start. */
  public synchronized List<Step> of(String jobId) {
    Deque<Step> steps = byJob.get(jobId);
    return steps == null ? List.of() : List.copyOf(steps);
  }

  /** When the job's current attempt started running, or null when it has not (or is unknown). */
  public synchronized Instant started(Job job) {
    Deque<Step> steps = byJob.get(job.id());
    if (steps == null || job.attemptId().isEmpty()) {
      return null;
    }
    for (Step s : steps) {
      if (s.state() == JobState.RUNNING && s.attemptId().equals(job.attemptId())) {
        return s.time();
      }
    }
    return null;
  }
}
