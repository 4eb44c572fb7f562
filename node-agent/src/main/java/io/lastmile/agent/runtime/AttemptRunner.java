package io.lastmile.agent.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The attempts on this node and their lifecycle: start, watch, time out, stop, and re-adopt after
 * an agent restart. Every change is passed to a listener and written to the {@link AttemptJournal};
 * an attempt is remembered, finished or not, until the control plane acknowledges its final status,
 * so nothing is lost while the link is down or the agent restarts.
 */
public final class AttemptRunner implements NodeAttempts {
  private static final Logger LOG = Logger.getLogger(AttemptRunner.class);

  private final ProcessDriver driver;
  private final AttemptJournal journal;
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
    this.journal = new AttemptJournal(driver);
    this.timer = timer;
    this.clock = clock;
    this.stopGrace = stopGrace;
    this.energy = energy;
    this.listener = listener;
  }

  /** Starts an attempt; an id seen before is ignored, so a repeated Assign never runs twice. */
  @Override
  public synchronized void start(AttemptSpec spec) {
    if (attempts.containsKey(spec.attemptId())) {
      LOG.debugf("attempt %s already known; ignoring repeated assignment", spec.attemptId());
      return;
    }
    Entry entry = new Entry(spec);
    attempts.put(spec.attemptId(), entry);
    update(entry, AttemptPhase.STARTING, null, "");
    journal.starting(spec);
    Process process;
    try {
      process = driver.start(spec);
    } catch (IOException e) {
      update(
          entry,
          AttemptPhase.FAILED,
          null,
          "could not start %s: %s".formatted(spec.command(), e.getMessage()));
      return;
    }
    entry.spawned = process;
    LOG.infof(
        "attempt %s started: pid %d, GPUs %s", spec.attemptId(), process.pid(), spec.gpuIndices());
    watch(entry, process.toHandle(), process.onExit());
    if (spec.timeout() != null) {
      timer.schedule(
          () ->
              stop(
                  spec.attemptId(),
                  "timed out after " + spec.timeout(),
                  AttemptPhase.FAILED,
                  stopGrace),
          spec.timeout().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads the journal after an agent restart: workloads still running are adopted again (their
   * energy is measured from now on), finished ones are reported with their recorded exit code.
   */
  public synchronized void recover(Path workRoot) {
    for (AttemptJournal.Record record : journal.readAll(workRoot)) {
      AttemptSpec spec = record.spec();
      Entry entry = new Entry(spec);
      attempts.put(spec.attemptId(), entry);
      if (record.finalPhase() != null) {
        entry.phase = record.finalPhase();
        entry.status =
            new AttemptStatus(
                spec,
                record.finalPhase(),
                record.exitCode(),
                record.message(),
                record.energyWh(),
                clock.instant(),
                driver.logTail(spec.attemptId()));
        continue;
      }
      // Without a pid in the journal the agent stopped while spawning: the wrapper's own record
      // tells whether the workload started.
      long pid = record.pid() > 0 ? record.pid() : driver.recordedPid(spec.attemptId()).orElse(-1L);
      Optional<ProcessHandle> alive =
          (pid > 0 ? ProcessHandle.of(pid) : Optional.<ProcessHandle>empty())
              .filter(ProcessHandle::isAlive)
              .filter(h -> sameProcess(h, record.processStart()));
      if (alive.isPresent()) {
        LOG.infof("re-adopting attempt %s (pid %d)", spec.attemptId(), pid);
        watch(entry, alive.get(), alive.get().onExit());
      } else {
        LOG.infof("attempt %s ended while the agent was down", spec.attemptId());
        finish(entry);
      }
    }
  }

  /**
   * @param exit completes when the workload ends: the {@link Process}'s own future for a child (its
   *     reaper is the one waiter on the pid), the handle's for a re-adopted workload
   */
  private void watch(Entry entry, ProcessHandle handle, CompletableFuture<?> exit) {
    entry.handle = handle;
    journal.started(entry.spec, handle);
    energy.started(entry.spec.attemptId(), Set.copyOf(entry.spec.gpuIndices()));
    update(entry, AttemptPhase.RUNNING, null, "pid " + handle.pid());
    exit.whenComplete(
        (ignored, error) -> {
          try {
            exited(entry);
          } catch (RuntimeException e) {
            LOG.errorf(e, "attempt %s: could not record how it ended", entry.spec.attemptId());
          }
        });
  }

  private static boolean sameProcess(ProcessHandle handle, Instant recordedStart) {
    return recordedStart == null
        || handle.info().startInstant().map(recordedStart::equals).orElse(true);
  }

  /**
   * Stops a running attempt: SIGTERM to its process group, SIGKILL after the grace period asked
   * for, or after the agent's own when none is asked for.
   */
  @Override
  public void cancel(String attemptId, String reason, Duration grace) {
    stop(attemptId, reason, AttemptPhase.CANCELLED, grace.isZero() ? stopGrace : grace);
  }

  /** Stops a running attempt with the agent's own grace period. */
  @Override
  public void cancel(String attemptId, String reason) {
    stop(attemptId, reason, AttemptPhase.CANCELLED, stopGrace);
  }

  private synchronized void stop(
      String attemptId, String reason, AttemptPhase outcome, Duration grace) {
    Entry entry = attempts.get(attemptId);
    if (entry == null || entry.phase.isTerminal() || entry.stopping != null) {
      return;
    }
    entry.stopping = outcome;
    entry.stopReason = reason;
    if (entry.handle == null) {
      return;
    }
    LOG.infof("stopping attempt %s: %s", attemptId, reason);
    ProcessHandle process = entry.handle;
    driver.signal(process, false);
    timer.schedule(
        () -> {
          if (process.isAlive()) {
            LOG.warnf("attempt %s ignored SIGTERM for %s; killing it", attemptId, grace);
            driver.signal(process, true);
          }
        },
        grace.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private synchronized void exited(Entry entry) {
    if (!entry.phase.isTerminal()) {
      finish(entry);
    }
  }

  /** Decides the final status from the recorded exit code (or the spawned process's). */
  private void finish(Entry entry) {
    Integer exitCode =
        driver
            .recordedExitCode(entry.spec.attemptId())
            .orElse(entry.spawned == null ? null : entry.spawned.exitValue());
    if (entry.stopping != null) {
      update(entry, entry.stopping, exitCode, entry.stopReason);
    } else if (exitCode == null) {
      update(
          entry,
          AttemptPhase.FAILED,
          null,
          "the workload ended while the agent was down and left no exit code");
    } else if (exitCode == 0) {
      update(entry, AttemptPhase.SUCCEEDED, 0, "");
    } else {
      update(entry, AttemptPhase.FAILED, exitCode, "exited with code " + exitCode);
    }
    LOG.infof("attempt %s finished: %s (exit %s)", entry.spec.attemptId(), entry.phase, exitCode);
  }

  private void update(Entry entry, AttemptPhase phase, Integer exitCode, String message) {
    String id = entry.spec.attemptId();
    double wh = 0;
    if (phase.isTerminal() && entry.phase == AttemptPhase.RUNNING) {
      wh = energy.finishedWh(id);
    } else if (phase == AttemptPhase.RUNNING) {
      wh = energy.soFarWh(id);
    }
    entry.phase = phase;
    entry.status =
        new AttemptStatus(
            entry.spec,
            phase,
            exitCode,
            message,
            wh,
            clock.instant(),
            phase.isTerminal() ? driver.logTail(id) : "");
    if (phase.isTerminal()) {
      journal.finished(entry.status);
    }
    listener.accept(entry.status);
  }

  /** The grace period between SIGTERM and SIGKILL when a stop asks for none of its own. */
  @Override
  public Duration stopGrace() {
    return stopGrace;
  }

  /** Energy of each running attempt so far, in watt-hours, for heartbeats. */
  @Override
  public synchronized Map<String, Double> runningEnergyWh() {
    Map<String, Double> out = new LinkedHashMap<>();
    attempts.values().stream()
        .filter(e -> e.phase == AttemptPhase.RUNNING)
        .forEach(e -> out.put(e.spec.attemptId(), energy.soFarWh(e.spec.attemptId())));
    return out;
  }

  /** Latest status of every remembered attempt, in start order. */
  @Override
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
  @Override
  public synchronized void acknowledged(String attemptId) {
    Entry entry = attempts.get(attemptId);
    if (entry != null && entry.phase.isTerminal()) {
      attempts.remove(attemptId);
      journal.forget(attemptId);
    }
  }

  /**
   * Stops every running attempt whose job did not ask to keep running on disconnect: the agent's
   * lease ran out, and the control plane may re-queue them. A re-adopted or spawned workload gets
   * SIGTERM now and SIGKILL after {@code grace}.
   *
   * @return how many attempts were asked to stop
   */
  @Override
  public synchronized int stopForLostLease(String reason, Duration grace) {
    List<String> stopping =
        attempts.values().stream()
            .filter(e -> !e.phase.isTerminal() && e.stopping == null)
            .filter(e -> !e.spec.keepOnDisconnect())
            .map(e -> e.spec.attemptId())
            .toList();
    stopping.forEach(id -> stop(id, reason, AttemptPhase.CANCELLED, grace));
    return stopping.size();
  }

  @Override
  public synchronized void unknown(String attemptId, String reason) {
    Entry entry = attempts.get(attemptId);
    if (entry == null) {
      return;
    }
    if (!entry.orphan) {
      LOG.warnf(
          "attempt %s: %s; its record and logs are kept and reported again on the next"
              + " registration",
          attemptId, reason);
    }
    entry.orphan = true;
    cancel(attemptId, reason);
  }

  /** Whether the control plane said it knows no job of this attempt (see {@link #unknown}). */
  @Override
  public synchronized boolean orphan(String attemptId) {
    Entry entry = attempts.get(attemptId);
    return entry != null && entry.orphan;
  }

  /** Stops every running attempt. */
  public synchronized void stopAll(String reason) {
    new ArrayList<>(attempts.keySet()).forEach(id -> cancel(id, reason));
  }

  private static final class Entry {
    final AttemptSpec spec;
    AttemptPhase phase = AttemptPhase.STARTING;
    AttemptStatus status;
    ProcessHandle handle;
    Process spawned;
    AttemptPhase stopping;
    String stopReason = "";
    boolean orphan;

    Entry(AttemptSpec spec) {
      this.spec = spec;
    }
  }
}
