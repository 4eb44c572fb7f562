package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import io.lastmile.agent.runtime.AttemptSpec;
import io.lastmile.agent.runtime.AttemptStatus;
import io.lastmile.agent.runtime.NodeAttempts;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A node's attempts without processes: each assigned attempt is RUNNING at once and ends after a
 * drawn run time, SUCCEEDED (exit code 0) or, for a drawn share, FAILED (exit code 1); a timeout
 * shorter than the run time fails it as the agent's would. It keeps the agent's rules for what it
 * remembers: a repeated assignment is ignored, a final status is kept until acknowledged, a cancel
 * stops a running attempt (CANCELLED), and a lost lease stops those that do not keep running on
 * disconnect.
 */
final class HollowAttempts implements NodeAttempts {
  /** The agent's default grace period between SIGTERM and SIGKILL. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String nodeId;
  private final ScheduledExecutorService timer;
  private final Workloads workloads;
  private final RandomGenerator random;
  private final RunLog log;
  private final Clock clock = Clock.systemUTC();
  private final Map<String, Entry> attempts = new LinkedHashMap<>();
  private volatile Consumer<AttemptStatus> listener = status -> {};

  /**
   * @param timer where attempts end; any thread
   */
  HollowAttempts(
      String nodeId,
      ScheduledExecutorService timer,
      Workloads workloads,
      RandomGenerator random,
      RunLog log) {
    this.nodeId = nodeId;
    this.timer = timer;
    this.workloads = workloads;
    this.random = random;
    this.log = log;
  }

  /** Where every change goes from now on: the node's current session. */
  void reportTo(Consumer<AttemptStatus> listener) {
    this.listener = listener;
  }

  @Override
  public synchronized void start(AttemptSpec spec) {
    if (attempts.containsKey(spec.attemptId())) {
      return;
    }
    Entry entry = new Entry(spec);
    attempts.put(spec.attemptId(), entry);
    log.started(nodeId, spec);
    update(entry, AttemptPhase.RUNNING, null, "hollow attempt (no process)");
    Duration runTime = workloads.runTime(random);
    boolean timesOut = spec.timeout() != null && spec.timeout().compareTo(runTime) < 0;
    AttemptPhase outcome = workloads.outcome(random);
    entry.end =
        timer.schedule(
            () -> finish(entry, timesOut ? AttemptPhase.FAILED : outcome, timesOut),
            (timesOut ? spec.timeout() : runTime).toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private synchronized void finish(Entry entry, AttemptPhase outcome, boolean timedOut) {
    if (entry.phase.isTerminal()) {
      return;
    }
    if (timedOut) {
      update(entry, AttemptPhase.FAILED, null, "timed out after " + entry.spec.timeout());
    } else if (outcome == AttemptPhase.SUCCEEDED) {
      update(entry, AttemptPhase.SUCCEEDED, 0, "");
    } else {
      update(entry, AttemptPhase.FAILED, 1, "exited with code 1");
    }
  }

  @Override
  public synchronized void cancel(String attemptId, String reason, Duration grace) {
    Entry entry = attempts.get(attemptId);
    if (entry == null || entry.phase.isTerminal()) {
      return;
    }
    entry.end.cancel(false);
    update(entry, AttemptPhase.CANCELLED, null, reason);
  }

  @Override
  public synchronized void acknowledged(String attemptId) {
    Entry entry = attempts.get(attemptId);
    if (entry != null && entry.phase.isTerminal()) {
      attempts.remove(attemptId);
    }
  }

  @Override
  public synchronized void unknown(String attemptId, String reason) {
    Entry entry = attempts.get(attemptId);
    if (entry != null) {
      entry.orphan = true;
      cancel(attemptId, reason);
    }
  }

  @Override
  public synchronized List<AttemptStatus> statuses() {
    List<AttemptStatus> out = new ArrayList<>();
    attempts.values().forEach(e -> out.add(e.status));
    return out;
  }

  @Override
  public synchronized Map<String, Double> runningEnergyWh() {
    Map<String, Double> out = new LinkedHashMap<>();
    attempts.values().stream()
        .filter(e -> e.phase == AttemptPhase.RUNNING)
        .forEach(e -> out.put(e.spec.attemptId(), 0.0));
    return out;
  }

  @Override
  public synchronized boolean orphan(String attemptId) {
    Entry entry = attempts.get(attemptId);
    return entry != null && entry.orphan;
  }

  @Override
  public Duration stopGrace() {
    return STOP_GRACE;
  }

  @Override
  public synchronized int stopForLostLease(String reason, Duration grace) {
    List<String> stopping =
        attempts.values().stream()
            .filter(e -> !e.phase.isTerminal() && !e.spec.keepOnDisconnect())
            .map(e -> e.spec.attemptId())
            .toList();
    stopping.forEach(id -> cancel(id, reason));
    log.stoppedForLostLease(stopping.size());
    return stopping.size();
  }

  private void update(Entry entry, AttemptPhase phase, Integer exitCode, String message) {
    entry.phase = phase;
    entry.status = new AttemptStatus(entry.spec, phase, exitCode, message, 0, clock.instant(), "");
    if (phase.isTerminal()) {
      log.record(entry.spec, phase);
    }
    listener.accept(entry.status);
  }

  private static final class Entry {
    final AttemptSpec spec;
    AttemptPhase phase = AttemptPhase.STARTING;
    AttemptStatus status;
    ScheduledFuture<?> end;
    boolean orphan;

    Entry(AttemptSpec spec) {
      this.spec = spec;
    }
  }
}
