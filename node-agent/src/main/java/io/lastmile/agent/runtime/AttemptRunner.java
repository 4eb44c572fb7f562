package io.lastmile.agent.runtime;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The attempts on this node and their lifecycle: start, watch, time out, stop. Every change is
 * passed to a listener; an attempt is remembered, finished or not, until the control plane
 * acknowledges its final status, so nothing is lost while the link is down.
 */
public final class AttemptRunner {
  private static final Logger LOG = Logger.getLogger(AttemptRunner.class);

  private final ProcessDriver driver;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final Duration stopGrace;
  private final EnergyTracker energy;
  private final Consumer<AttemptStatus> listener;
  private final Map<String, Entry> attempts = new LinkedHashMap<>();

  public AttemptRunner(
      ProcessDriver driver,
      ScheduledExecutorService timer,
      Clock clock,
      Duration stopGrace,
      EnergyTracker energy,
      Consumer<AttemptStatus> listener) {
    this.driver = driver;
    this.timer = timer;
    this.clock = clock;
    this.stopGrace = stopGrace;
    this.energy = energy;
    this.listener = listener;
  }

  /** Starts an attempt; an id seen before is ignored, so a repeated Assign never runs twice. */
  public synchronized void start(AttemptSpec spec) {
    if (attempts.containsKey(spec.attemptId())) {
      LOG.debugf("attempt %s already known; ignoring repeated assignment", spec.attemptId());
      return;
    }
    Entry entry = new Entry(spec);
    attempts.put(spec.attemptId(), entry);
    update(entry, AttemptPhase.STARTING, null, "");
    try {
      entry.process = driver.start(spec);
    } catch (IOException e) {
      update(
          entry,
          AttemptPhase.FAILED,
          null,
          "could not start %s: %s".formatted(spec.command(), e.getMessage()));
      return;
    }
    LOG.infof(
        "attempt %s started: pid %d, GPUs %s",
        spec.attemptId(), entry.process.pid(), spec.gpuIndices());
    energy.started(spec.attemptId(), Set.copyOf(spec.gpuIndices()));
    update(entry, AttemptPhase.RUNNING, null, "pid " + entry.process.pid());
    entry.process.onExit().thenAccept(p -> exited(entry, p.exitValue()));
    if (spec.timeout() != null) {
      timer.schedule(
          () -> stop(spec.attemptId(), "timed out after " + spec.timeout(), AttemptPhase.FAILED),
          spec.timeout().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** Stops a running attempt: SIGTERM to its process group, SIGKILL after the grace period. */
  public void cancel(String attemptId, String reason) {
    stop(attemptId, reason, AttemptPhase.CANCELLED);
  }

  private synchronized void stop(String attemptId, String reason, AttemptPhase outcome) {
    Entry entry = attempts.get(attemptId);
    if (entry == null || entry.phase.isTerminal() || entry.stopping != null) {
      return;
    }
    entry.stopping = outcome;
    entry.stopReason = reason;
    if (entry.process == null) {
      return;
    }
    LOG.infof("stopping attempt %s: %s", attemptId, reason);
    driver.signal(entry.process, false);
    Process process = entry.process;
    timer.schedule(
        () -> {
          if (process.isAlive()) {
            LOG.warnf("attempt %s ignored SIGTERM for %s; killing it", attemptId, stopGrace);
            driver.signal(process, true);
          }
        },
        stopGrace.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private synchronized void exited(Entry entry, int exitCode) {
    if (entry.phase.isTerminal()) {
      return;
    }
    if (entry.stopping != null) {
      update(entry, entry.stopping, exitCode, entry.stopReason);
    } else if (exitCode == 0) {
      update(entry, AttemptPhase.SUCCEEDED, 0, "");
    } else {
      update(entry, AttemptPhase.FAILED, exitCode, "exited with code " + exitCode);
    }
    LOG.infof("attempt %s finished: %s (exit %d)", entry.spec.attemptId(), entry.phase, exitCode);
  }

  private void update(Entry entry, AttemptPhase phase, Integer exitCode, String message) {
    String id = entry.spec.attemptId();
    double wh =
        phase.isTerminal()
            ? (entry.phase == AttemptPhase.RUNNING ? energy.finishedWh(id) : 0)
            : phase == AttemptPhase.RUNNING ? energy.soFarWh(id) : 0;
    entry.phase = phase;
    entry.status =
        new AttemptStatus(
            entry.spec,
            phase,
            exitCode,
            message,
            wh,
            clock.instant(),
            phase.isTerminal() ? driver.logTail(entry.spec.attemptId()) : "");
    listener.accept(entry.status);
  }

  /** Energy of each running attempt so far, in watt-hours, for heartbeats. */
  public synchronized java.util.Map<String, Double> runningEnergyWh() {
    java.util.Map<String, Double> out = new LinkedHashMap<>();
    attempts.values().stream()
        .filter(e -> e.phase == AttemptPhase.RUNNING)
        .forEach(e -> out.put(e.spec.attemptId(), energy.soFarWh(e.spec.attemptId())));
    return out;
  }

  /** Latest status of every remembered attempt, in start order. */
  public synchronized List<AttemptStatus> statuses() {
    List<AttemptStatus> out = new ArrayList<>();
    attempts.values().forEach(e -> out.add(e.status));
    return out;
  }

  public synchronized Optional<AttemptStatus> status(String attemptId) {
    Entry entry = attempts.get(attemptId);
    return Optional.ofNullable(entry == null ? null : entry.status);
  }

  /** The control plane recorded the final status; the attempt can be forgotten. */
  public synchronized void acknowledged(String attemptId) {
    Entry entry = attempts.get(attemptId);
    if (entry != null && entry.phase.isTerminal()) {
      attempts.remove(attemptId);
    }
  }

  /** Stops every running attempt (agent shutdown). */
  public synchronized void stopAll(String reason) {
    new ArrayList<>(attempts.keySet()).forEach(id -> cancel(id, reason));
  }

  private static final class Entry {
    final AttemptSpec spec;
    AttemptPhase phase = AttemptPhase.STARTING;
    AttemptStatus status;
    Process process;
    AttemptPhase stopping;
    String stopReason = "";

    Entry(AttemptSpec spec) {
      this.spec = spec;
    }
  }
}
