package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.scheduler.SchedulingRequest;
import io.lastmile.controlplane.scheduler.defer.CheapGpuWait;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.defer.DeferralPolicy;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlanner;
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
  private final DeferralPolicy deferral;
  private final CheapGpuWait gpuWait;
  private final PreemptionPlanner preemption;
  private final Supplier<LatencyMap> latency;
  private final Supplier<PriceBook> prices;
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
      DeferralPolicy deferral,
      CheapGpuWait gpuWait,
      PreemptionPlanner preemption,
      Supplier<LatencyMap> latency,
      Supplier<PriceBook> prices,
      Clock clock,
      Duration heartbeatGrace,
      Duration lostAfter,
      MeterRegistry metrics) {
    this.control = control;
    this.cluster = cluster;
    this.scheduler = scheduler;
    this.deferral = deferral;
    this.gpuWait = gpuWait;
    this.preemption = preemption;
    this.latency = latency;
    this.prices = prices;
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
    // Memory may have been rebuilt since construction (on taking the lead): stay above it.
    epochs.accumulateAndGet(control.epochFloor(), Math::max);
    thread = new Thread(this, "lastmile-scheduler");
    thread.setDaemon(true);
    thread.start();
  }

  public void stop() {
    running = false;
    wake();
  }

  /** Prices moved: deferred jobs are weighed again. */
  public void pricesChanged() {
    control.queue().reconsiderDeferred();
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
    ClusterView view = new ClusterView(cluster.snapshot(), latency.get(), now, prices.get());
    // Explanations of jobs that stay pending are kept together at the end of the cycle.
    List<Job> explained = new ArrayList<>();
    for (String jobId : control.queue().due(now)) {
      Optional<Job> found = control.store().get(jobId);
      if (found.isEmpty() || found.get().state() != JobState.PENDING) {
        control.queue().remove(jobId);
        deferral.release(jobId);
        continue;
      }
      view = place(found.get(), view, now, explained);
    }
    control.explained(explained);
  }

  /** Decides one job and acts on it; returns the view with the job's effect applied. */
  private ClusterView place(Job job, ClusterView view, Instant now, List<Job> explained) {
    SchedulingRequest request = new SchedulingRequest(job.id(), job.spec());
    Decision decision = decide(request, view);
    if (decision instanceof Decision.Unschedulable
        && job.spec().jobClass() == JobClass.LATENCY_CRITICAL) {
      Optional<PreemptionPlan> plan = preemption.plan(request, view, control.runningAttempts());
      if (plan.isPresent()) {
        control.preempt(plan.get(), job.id());
        metrics.counter("lastmile.preemptions").increment(plan.get().victims().size());
        view = new ClusterView(cluster.snapshot(), view.latency(), now, view.prices());
        decision = decide(request, view);
      }
    }
    control.recordDecision(job.id(), decision);
    if (decision instanceof Decision.Placed placed) {
      if (job.spec().jobClass() == JobClass.DEFERRABLE
          && waits(job, placed, view, now) instanceof Deferral.WaitUntil wait) {
        control.queue().deferUntil(job.id(), wait.startAt());
        explain(job, wait.reason(), explained);
        return view;
      }
      if (gpuWait.decide(request, placed.node().info(), job.createTime(), view, scheduler)
          instanceof Deferral.WaitUntil wait) {
        control.queue().backOff(job.id(), now);
        explain(job, wait.reason(), explained);
        return view;
      }
      if (bind(job, placed, now)) {
        deferral.started(job.id(), job.spec(), placed.node().info(), now);
        metrics.counter("lastmile.placements", "region", placed.node().info().region()).increment();
        ResourceRequest want = job.spec().resources();
        return view.withNode(
            placed.node().withAllocation(placed.gpuIndices(), want.cpuMillis(), want.memoryMiB()));
      }
    }
    control.queue().backOff(job.id(), now);
    explain(job, decision.summary(), explained);
    return view;
  }

  /** The deferral of a deferrable job placed on a node, weighed against the windows booked. */
  private Deferral waits(Job job, Decision.Placed placed, ClusterView view, Instant now) {
    String zone = placed.node().info().marketZone();
    return deferral.decide(
        job.id(),
        job.spec(),
        placed.node().info(),
        DeferralPolicy.zoneGpus(view, zone),
        view.prices(),
        now);
  }

  private Decision decide(SchedulingRequest request, ClusterView view) {
    Timer.Sample sample = Timer.start(metrics);
    Decision decision = scheduler.decide(request, view);
    sample.stop(decisionTimer);
    return decision;
  }

  /** Keeps a pending job's message in step with why it waits (kept at the cycle's end). */
  private static void explain(Job job, String why, List<Job> explained) {
    if (!job.message().equals(why)) {
      explained.add(job.explained(why));
    }
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
