package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The scheduling thread: wakes on every change (submission, node joining, capacity freed) and at
 * least once a second, expires silent nodes, re-queues attempts of lost nodes, and places every due
 * job it can.
 */
public final class SchedulingLoop implements Runnable {
  private static final Logger LOG = Logger.getLogger(SchedulingLoop.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  /** Jobs decided per hold of the lifecycle's lock; also the most bound in one store write. */
  static final int ROUND = BindBatch.MAX;

  private final JobControl control;
  private final ClusterState cluster;
  private final FleetViews views;
  private final DeferralPolicy deferral;
  private final Supplier<LatencyMap> latency;
  private final Supplier<PriceBook> prices;
  private final Clock clock;
  private final Duration heartbeatGrace;
  private final Duration lostAfter;
  private final LastmileMeters metrics;
  private final PlacementStages.Decider decider;
  private final PlacementPipeline pipeline;
  private final BindBatch binds;
  private final NoFitMemo noFit = new NoFitMemo();

  /**
   * Seeded from the clock and the highest stored epoch, so epochs keep rising across restarts even
   * when the clock goes back.
   */
  private final AtomicLong epochs;

  private final LoopProgress progress = new LoopProgress(System::nanoTime);
  private final Object signal = new Object();
  private boolean woken;
  private boolean paused; // on the loop's thread only
  private volatile boolean running = true;
  private Thread thread;

  /** A loop that wakes whenever {@code control} has work for it. */
  public SchedulingLoop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      DeferralPolicy deferral,
      CheapGpuWait gpuWait,
      PreemptionPlanner preemption,
      Supplier<LatencyMap> latency,
      Supplier<PriceBook> prices,
      Clock clock,
      Duration heartbeatGrace,
      Duration lostAfter,
      LastmileMeters metrics) {
    this(
        control,
        cluster,
        scheduler,
        scheduler::decide,
        deferral,
        gpuWait,
        preemption,
        latency,
        prices,
        clock,
        heartbeatGrace,
        lostAfter,
        metrics);
  }

  /** {@code decider} makes the filter-and-score decisions; {@code scheduler} is asked otherwise. */
  SchedulingLoop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      PlacementStages.Decider decider,
      DeferralPolicy deferral,
      CheapGpuWait gpuWait,
      PreemptionPlanner preemption,
      Supplier<LatencyMap> latency,
      Supplier<PriceBook> prices,
      Clock clock,
      Duration heartbeatGrace,
      Duration lostAfter,
      LastmileMeters metrics) {
    this.control = control;
    this.cluster = cluster;
    this.views = new FleetViews(cluster);
    this.decider = decider;
    this.deferral = deferral;
    this.latency = latency;
    this.prices = prices;
    this.clock = clock;
    this.heartbeatGrace = heartbeatGrace;
    this.lostAfter = lostAfter;
    this.metrics = metrics;
    this.epochs = new AtomicLong(Math.max(clock.millis(), control.epochFloor()));
    this.binds = new BindBatch(control, deferral, metrics);
    this.pipeline =
        new PlacementPipeline(
            List.of(
                PlacementStages.decide(this::decide, noFit),
                PlacementStages.preempt(
                    preemption, control, cluster, binds, noFit, this::decide, metrics),
                PlacementStages.remember(control),
                PlacementStages.defer(deferral),
                PlacementStages.interruptibleWait(gpuWait, scheduler),
                PlacementStages.bind(binds, cluster, deferral, epochs::incrementAndGet)));
    control.onWorkAvailable(this::wake);
  }

  public void start() {
    // Memory may have been rebuilt since construction (on taking the lead): stay above it.
    epochs.accumulateAndGet(control.epochFloor(), Math::max);
    thread = new Thread(this, "lastmile-scheduler");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler(
        (dead, e) ->
            LOG.errorf(e, "The scheduling thread died; liveness now fails until a restart"));
    progress.started(thread);
    thread.start();
  }

  public void stop() {
    running = false;
    progress.stopped();
    wake();
  }

  /** How the loop is getting on, for health checks. */
  public LoopProgress progress() {
    return progress;
  }

  /** Prices moved: deferred jobs are weighed again. */
  public void pricesChanged() {
    control.reconsiderDeferred();
    wake();
  }

  /** Asks for a scheduling cycle as soon as possible. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  @Override
  public void run() {
    while (running) {
      try {
        awaitSignal();
        progress.passBegan();
        tick();
        progress.passEnded();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        progress.passFailed();
        LOG.error("scheduling cycle failed; retrying on the next tick", e);
      }
    }
  }

  private void awaitSignal() throws InterruptedException {
    synchronized (signal) {
      if (!woken) {
        signal.wait(TICK.toMillis());
      }
      woken = false;
    }
  }

  /** One pass: liveness, lost attempts, then placements. */
  void tick() {
    Instant now = clock.instant();
    if (!cluster.expire(now, heartbeatGrace).isEmpty()) {
      control.clearBackoffs();
    }
    Optional<Instant> writable = control.writableSince();
    if (writable.isEmpty()) {
      // Nothing placed now could be kept, and a node is not lost for want of a write.
      if (!paused) {
        LOG.warn("scheduling paused: the database does not answer");
        paused = true;
      }
      return;
    }
    if (paused) {
      LOG.info("scheduling resumed: the database answers again");
      paused = false;
    }
    List<String> lost = cluster.attemptsOnLostNodes(now, lostAfter, writable.get());
    if (!lost.isEmpty()) {
      control.requeueLost(lost);
    }
    List<String> due = control.due(now);
    for (int from = 0; from < due.size(); from += ROUND) {
      List<String> round = due.subList(from, Math.min(from + ROUND, due.size()));
      control.runCycle(() -> round(round, now));
      binds.logBound();
    }
  }

  /**
   * Places the jobs of one round while the lifecycle is held still, from a view of the cluster as
   * it is now. Between rounds the lock is let go, so that reports, cancels and registrations are
   * not kept waiting behind a long queue.
   */
  private void round(List<String> jobIds, Instant now) {
    ClusterView view = views.current(latency.get(), now, prices.get());
    noFit.forget();
    // Explanations of jobs that stay pending are kept together at the end of the round.
    List<Job> explained = new ArrayList<>();
    for (String jobId : jobIds) {
      Optional<Job> job = control.pending(jobId);
      if (job.isEmpty()) {
        deferral.release(jobId);
        continue;
      }
      view = place(job.get(), view, now, explained);
    }
    binds.flush(now);
    explained.addAll(binds.takeUnbound());
    control.explained(explained);
  }

  /**
   * Runs one job through the placement stages and acts on how it ends; returns the view with the
   * job's effect applied. A job whose placement fails is backed off with the reason recorded, and
   * the cycle goes on with the others.
   */
  private ClusterView place(Job job, ClusterView view, Instant now, List<Job> explained) {
    PlacementOutcome outcome;
    try {
      outcome = pipeline.run(new Placement(job, view, now));
    } catch (RuntimeException e) {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.errorf(e, "job %s: placement failed (ref %s); backing it off", job.id(), ref);
      outcome = PlacementOutcome.BackedOff.failed(ref);
    }
    if (outcome instanceof PlacementOutcome.Bound bound) {
      return bound.view();
    }
    if (outcome instanceof PlacementOutcome.Deferred deferred) {
      control.deferUntil(job.id(), deferred.window());
      explain(job, deferred.reason(), explained);
    } else if (outcome instanceof PlacementOutcome.BackedOff backedOff) {
      control.backOff(job.id(), now);
      explain(job, backedOff.reason(), explained);
    }
    return view;
  }

  private Decision decide(SchedulingRequest request, ClusterView view) {
    Timer.Sample sample = metrics.startDecision();
    Decision decision = decider.decide(request, view);
    metrics.decided(sample);
    return decision;
  }

  /** Keeps a pending job's message in step with why it waits (kept at the cycle's end). */
  private static void explain(Job job, String why, List<Job> explained) {
    if (!job.message().equals(why)) {
      explained.add(job.explained(why));
    }
  }
}
