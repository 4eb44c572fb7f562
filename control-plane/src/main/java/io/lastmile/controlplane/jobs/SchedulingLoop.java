package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

  private final JobControl control;
  private final ClusterState cluster;
  private final Scheduler scheduler;
  private final Supplier<LatencyMap> latency;
  private final Clock clock;
  private final Duration heartbeatGrace;
  private final Duration lostAfter;
  private final Timer decisionTimer;
  private final MeterRegistry metrics;

  /**
   * Seeded from the clock and the highest stored epoch, so epochs keep rising across restarts even
   * when the clock goes back.
   */
  private final AtomicLong epochs;

  private final Object signal = new Object();
  private boolean woken;
  private volatile boolean running = true;
  private Thread thread;

  public SchedulingLoop(
      JobControl control,
      ClusterState cluster,
      Scheduler scheduler,
      Supplier<LatencyMap> latency,
      Clock clock,
      Duration heartbeatGrace,
      Duration lostAfter,
      MeterRegistry metrics) {
    this.control = control;
    this.cluster = cluster;
    this.scheduler = scheduler;
    this.latency = latency;
    this.clock = clock;
    this.heartbeatGrace = heartbeatGrace;
    this.lostAfter = lostAfter;
    this.metrics = metrics;
    this.decisionTimer =
        Timer.builder("lastmile.scheduler.decision")
            .description("Time to decide one job's placement")
            .publishPercentileHistogram()
            .register(metrics);
    this.epochs = new AtomicLong(Math.max(clock.millis(), control.epochFloor()));
  }

  public void start() {
    thread = new Thread(this, "lastmile-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running = false;
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
        tick();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
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
      control.queue().clearBackoffs();
    }
    List<String> lost = cluster.attemptsOnLostNodes(now, lostAfter);
    if (!lost.isEmpty()) {
      control.requeueLost(lost);
    }
    synchronized (control) {
      cycle(now);
    }
  }

  private void cycle(Instant now) {
    ClusterView view = new ClusterView(cluster.snapshot(), latency.get(), now);
    // Explanations of jobs that stay pending are written together at the end of the cycle.
    List<Job> explained = new ArrayList<>();
    for (String jobId : control.queue().due(now)) {
      Optional<Job> found = control.store().get(jobId);
      if (found.isEmpty() || found.get().state() != JobState.PENDING) {
        control.queue().remove(jobId);
        continue;
      }
      Job job = found.get();
      Timer.Sample sample = Timer.start(metrics);
      Decision decision = scheduler.decide(new SchedulingRequest(jobId, job.spec()), view);
      sample.stop(decisionTimer);
      control.recordDecision(jobId, decision);
      if (decision instanceof Decision.Placed placed && bind(job, placed, now)) {
        metrics.counter("lastmile.placements", "region", placed.node().info().region()).increment();
        view = new ClusterView(cluster.snapshot(), view.latency(), now);
      } else {
        control.queue().backOff(jobId, now);
        if (!job.message().equals(decision.summary())) {
          explained.add(job.pending(decision.summary(), now));
        }
      }
    }
    control.saveAll(explained);
  }

  private boolean bind(Job job, Decision.Placed placed, Instant now) {
    String nodeId = placed.node().id();
    Optional<NodeLink> link = cluster.link(nodeId);
    if (link.isEmpty()) {
      return false;
    }
    JobSpec spec = job.spec();
    String attemptId = job.id() + "/" + (job.attemptCount() + 1);
    Assignment assignment =
        new Assignment(
            attemptId,
            job.id(),
            epochs.incrementAndGet(),
            spec.workload(),
            placed.gpuIndices(),
            spec.resources().cpuMillis(),
            spec.resources().memoryMiB(),
            spec.timeout());
    // Durable first: an attempt the agent runs is always one the store knows.
    control.bound(
        job.scheduled(nodeId, placed.node().info().region(), attemptId, placed.summary(), now),
        nodeId,
        assignment);
    cluster.reserve(nodeId, assignment);
    control.queue().remove(job.id());
    LOG.infof("job %s: %s", job.id(), placed.summary());
    link.get().assign(assignment);
    return true;
  }
}
