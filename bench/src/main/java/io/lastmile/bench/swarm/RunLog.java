package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import io.lastmile.agent.runtime.AttemptSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * What the swarm's agents ran: every attempt started, on which node, and how each ended. One entry
 * per attempt, kept for the swarm's life (a run of minutes). For jobs that the swarm's own clients
 * submitted ({@link ClientLoad}), also the times from Submit to the attempt's start and to its
 * success.
 */
public final class RunLog {
  private final Map<String, Queue<String>> nodesByAttempt = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> attemptsByJob = new ConcurrentHashMap<>();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder stoppedForLostLease = new LongAdder();
  private final Map<String, Long> submittedAt = new ConcurrentHashMap<>();
  private final Set<String> succeededUnsent = new HashSet<>();
  private final Map<String, Long> runningAt = new ConcurrentHashMap<>();
  private final LatencyHistogram toRunning = new LatencyHistogram();
  private final LatencyHistogram toSucceeded = new LatencyHistogram();
  private volatile Consumer<String> endListener = jobId -> {};

  /** A client sent the Submit of {@code jobId} at {@code sentNanos} (System.nanoTime). */
  void submitted(String jobId, long sentNanos) {
    synchronized (succeededUnsent) {
      if (!succeededUnsent.remove(jobId)) {
        submittedAt.put(jobId, sentNanos);
      }
    }
  }

  void started(String nodeId, AttemptSpec spec) {
    runningAt.putIfAbsent(spec.jobId(), System.nanoTime());
    nodesByAttempt
        .computeIfAbsent(spec.attemptId(), id -> new ConcurrentLinkedQueue<>())
        .add(nodeId);
    attemptsByJob
        .computeIfAbsent(spec.jobId(), id -> ConcurrentHashMap.newKeySet())
        .add(spec.attemptId());
  }

  /** Hears of every attempt that ends, with its job id. */
  void onEnded(Consumer<String> listener) {
    endListener = listener;
  }

  void record(AttemptSpec spec, AttemptPhase phase) {
    if (phase == AttemptPhase.SUCCEEDED) {
      timeSuccess(spec.jobId());
    }
    switch (phase) {
      case SUCCEEDED -> succeeded.increment();
      case FAILED -> failed.increment();
      case CANCELLED -> cancelled.increment();
      default -> throw new IllegalArgumentException(phase + " is not an end");
    }
    endListener.accept(spec.jobId());
  }

  /** A job succeeded: its times from Submit, when one of the swarm's clients sent it. */
  private void timeSuccess(String jobId) {
    Long sent;
    synchronized (succeededUnsent) {
      sent = submittedAt.remove(jobId);
      if (sent == null) {
        succeededUnsent.add(jobId); // it ended before its client heard it was accepted
      }
    }
    Long running = runningAt.remove(jobId);
    if (sent != null && running != null) {
      toRunning.record(running - sent);
      toSucceeded.record(System.nanoTime() - sent);
    }
  }

  /** Jobs the clients submitted that have not succeeded (yet). */
  int notSucceeded() {
    return submittedAt.size();
  }

  /** Submit sent to first attempt started, for the clients' jobs that succeeded. */
  LatencyHistogram toRunning() {
    return toRunning;
  }

  /** Submit sent to SUCCEEDED sent, for the clients' jobs that succeeded. */
  LatencyHistogram toSucceeded() {
    return toSucceeded;
  }

  /** Attempts that ended so far, in any way. */
  long ended() {
    return succeeded.sum() + failed.sum() + cancelled.sum();
  }

  void stoppedForLostLease(int attempts) {
    stoppedForLostLease.add(attempts);
  }

  /** Attempts started so far (a start the agent ignored as repeated is not counted). */
  public int attemptsStarted() {
    return nodesByAttempt.values().stream().mapToInt(Queue::size).sum();
  }

  /** The attempts started of each job, by job id. */
  public Map<String, Set<String>> attemptsByJob() {
    return attemptsByJob.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue())));
  }

  /** Attempts started more than once, on one node or several, with the nodes that started them. */
  public Map<String, List<String>> startedMoreThanOnce() {
    return nodesByAttempt.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
  }

  /** Attempts that ended so far in {@code phase}: SUCCEEDED, FAILED or CANCELLED. */
  public long ended(AttemptPhase phase) {
    return switch (phase) {
      case SUCCEEDED -> succeeded.sum();
      case FAILED -> failed.sum();
      case CANCELLED -> cancelled.sum();
      default -> 0;
    };
  }

  /** Attempts the agents stopped themselves because their lease ran out. */
  public long stoppedForLostLease() {
    return stoppedForLostLease.sum();
  }
}
