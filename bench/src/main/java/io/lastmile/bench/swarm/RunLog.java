package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import io.lastmile.agent.runtime.AttemptSpec;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * What the swarm's agents ran: every attempt started, on which node, and how each ended. One entry
 * per attempt, kept for the swarm's life (a run of minutes).
 */
public final class RunLog {
  private final Map<String, Queue<String>> nodesByAttempt = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> attemptsByJob = new ConcurrentHashMap<>();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder cancelled = new LongAdder();
  private final LongAdder stoppedForLostLease = new LongAdder();

  void started(String nodeId, AttemptSpec spec) {
    nodesByAttempt
        .computeIfAbsent(spec.attemptId(), id -> new ConcurrentLinkedQueue<>())
        .add(nodeId);
    attemptsByJob
        .computeIfAbsent(spec.jobId(), id -> ConcurrentHashMap.newKeySet())
        .add(spec.attemptId());
  }

  void record(AttemptPhase phase) {
    switch (phase) {
      case SUCCEEDED -> succeeded.increment();
      case FAILED -> failed.increment();
      case CANCELLED -> cancelled.increment();
      default -> throw new IllegalArgumentException(phase + " is not an end");
    }
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
