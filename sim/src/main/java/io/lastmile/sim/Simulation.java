package io.lastmile.sim;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import io.lastmile.sim.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs one policy over a workload on a simulated clock. Jobs arrive at their submission time and
 * wait in a queue (latency-critical first, then in arrival order); at every instant something
 * happens (an arrival, a finish, the end of a deferral) the queue is tried again through the
 * policy. A placement holds its GPUs until the run ends; a latency-critical job that fits nowhere
 * may preempt interruptible attempts, which lose their work and queue again; a deferrable job the
 * policy holds back waits until the instant it was told; an interruptible job the policy keeps
 * waiting for a cheaper GPU stays in the queue, tried again at every instant and at the end of its
 * wait.
 */
public final class Simulation {
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final Policy policy;
  private final Fleet fleet;
  private final PriceHorizon horizon;
  private final Accounting accounting;
  private final Map<String, Integer> siteOfZone = new HashMap<>();

  private ClusterView view;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final Map<Integer, Attempt> live = new HashMap<>();
  private final Set<Long> wakes = new HashSet<>();
  private final Map<String, List<RunningAttempt>> runningByNode = new HashMap<>();
  private List<SimJob> urgent = new ArrayList<>();
  private List<SimJob> others = new ArrayList<>();
  private long seq;
  private int nextAttempt;
  private int freeGpus;
  private int interruptibleRunning;
  private long preemptions;
  private long decisions;

  private double[] cost;
  private double[] siteWh;
  private int[] preempted;
  private long[] startMs;
  private int[] site;
  private double[] costByDay;
  private long originMs;

  public Simulation(Policy policy, Fleet fleet, PriceHorizon horizon, Accounting accounting) {
    this.policy = policy;
    this.fleet = fleet;
    this.horizon = horizon;
    this.accounting = accounting;
    for (int s = 0; s < fleet.sites().size(); s++) {
      siteOfZone.put(fleet.sites().get(s).zone(), s);
    }
  }

  /** What one policy did with a workload. */
  public record Run(
      String policy,
      List<JobOutcome> outcomes,
      double[] costByDay,
      long preemptions,
      long decisions,
      long wallMs) {}

  /**
   * @param from start of the period: day 0 of {@code costByDay}
   * @param progress receives a line per simulated day
   */
  public Run run(List<SimJob> jobs, Instant from, Consumer<String> progress) {
    long t0 = System.nanoTime();
    int n = jobs.size();
    for (int i = 0; i < n; i++) {
      if (jobs.get(i).index() != i
          || (i > 0 && jobs.get(i).arrival().isBefore(jobs.get(i - 1).arrival()))) {
        throw new IllegalArgumentException(
            "jobs must be in arrival order with index equal to position; job %s at %d is not"
                .formatted(jobs.get(i).id(), i));
      }
    }
    cost = new double[n];
    siteWh = new double[n];
    preempted = new int[n];
    startMs = new long[n];
    site = new int[n];
    Arrays.fill(startMs, -1);
    originMs = from.toEpochMilli();
    costByDay = new double[1];
    freeGpus = fleet.totalGpus();
    view = new ClusterView(fleet.nodes(), fleet.latency(), from, horizon.at(from));
    int next = 0;
    long reportedDay = -1;
    while (next < n || !events.isEmpty()) {
      long now = Math.min(next < n ? ms(jobs.get(next).arrival()) : Long.MAX_VALUE, peek());
      while (next < n && ms(jobs.get(next).arrival()) == now) {
        enqueue(jobs.get(next++));
      }
      while (!events.isEmpty() && events.peek().atMs() == now) {
        Event e = events.poll();
        if (e.attempt() != null) {
          finish(e.attempt(), now);
        } else if (e.job() != null) {
          enqueue(e.job());
        }
      }
      Instant at = Instant.ofEpochMilli(now);
      view = view.at(at).withPrices(horizon.at(at));
      tryQueue(now);
      long day = (now - originMs) / DAY_MS;
      if (day != reportedDay) {
        reportedDay = day;
        progress.accept(
            "%s: day %d, %d of %d jobs submitted, %d waiting, %d running"
                .formatted(
                    policy.name(), day + 1, next, n, urgent.size() + others.size(), live.size()));
      }
    }
    List<JobOutcome> outcomes = new ArrayList<>(n);
    for (SimJob job : jobs) {
      int i = job.index();
      double rtt =
          startMs[i] < 0
              ? Double.NaN
              : fleet.latency().rttMs(job.origin(), fleet.sites().get(site[i]).region());
      outcomes.add(new JobOutcome(site[i], startMs[i], rtt, cost[i], siteWh[i], preempted[i]));
    }
    long wallMs = (System.nanoTime() - t0) / 1_000_000;
    return new Run(policy.name(), outcomes, costByDay, preemptions, decisions, wallMs);
  }

  private void enqueue(SimJob job) {
    (job.jobClass() == JobClass.LATENCY_CRITICAL ? urgent : others).add(job);
  }

  private void tryQueue(long now) {
    urgent = tryAll(urgent, now);
    others = tryAll(others, now);
  }

  private List<SimJob> tryAll(List<SimJob> queue, long now) {
    if (queue.isEmpty()) {
      return queue;
    }
    List<SimJob> waiting = new ArrayList<>();
    for (SimJob job : queue) {
      boolean canPreempt = job.jobClass() == JobClass.LATENCY_CRITICAL && interruptibleRunning > 0;
      if ((freeGpus == 0 && !canPreempt) || !place(job, now)) {
        waiting.add(job);
      }
    }
    return waiting;
  }

  /** Places, defers or leaves the job; true when it left the queue. */
  private boolean place(SimJob job, long now) {
    decisions++;
    Decision d = policy.decide(job.request(), view);
    if (d instanceof Decision.Unschedulable && job.jobClass() == JobClass.LATENCY_CRITICAL) {
      Optional<PreemptionPlan> plan = policy.preempt(job.request(), view, runningByNode);
      if (plan.isPresent()) {
        for (RunningAttempt victim : plan.get().victims()) {
          stop(Integer.parseInt(victim.attemptId()), now);
        }
        decisions++;
        d = policy.decide(job.request(), view);
      }
    }
    if (!(d instanceof Decision.Placed placed)) {
      return false;
    }
    if (job.jobClass() == JobClass.INTERRUPTIBLE
        && policy.waitForGpu(job.request(), placed.node().info(), job.arrival(), view)
            instanceof Deferral.WaitUntil wait) {
      if (wakes.add(ms(wait.startAt()))) {
        events.add(new Event(ms(wait.startAt()), seq++, null, null));
      }
      return false;
    }
    if (job.jobClass() == JobClass.DEFERRABLE
        && policy.defer(job.request(), placed.node().info(), view)
            instanceof Deferral.WaitUntil wait) {
      events.add(new Event(ms(wait.startAt()), seq++, null, job));
      return true;
    }
    bind(job, placed, now);
    return true;
  }

  private void bind(SimJob job, Decision.Placed placed, long now) {
    if (job.jobClass() == JobClass.DEFERRABLE) {
      policy.started(job.request(), placed.node().info(), Instant.ofEpochMilli(now));
    }
    NodeSnapshot node = placed.node();
    view = view.withNode(node.withAllocation(placed.gpuIndices(), 0, 0));
    int id = nextAttempt++;
    Attempt a =
        new Attempt(
            id, job, node.id(), siteOfZone.get(node.info().marketZone()), placed.gpuIndices(), now);
    live.put(id, a);
    runningByNode
        .computeIfAbsent(node.id(), k -> new ArrayList<>())
        .add(
            RunningAttempt.onGpus(
                Integer.toString(id),
                job.id(),
                node.id(),
                placed.gpuIndices(),
                job.jobClass(),
                0,
                Instant.ofEpochMilli(now)));
    freeGpus -= placed.gpuIndices().size();
    if (job.jobClass() == JobClass.INTERRUPTIBLE) {
      interruptibleRunning++;
    }
    events.add(new Event(now + job.run().toMillis(), seq++, a, null));
  }

  private void finish(Attempt a, long now) {
    if (live.get(a.id()) != a) {
      return;
    }
    release(a, now);
    int i = a.job().index();
    startMs[i] = a.startMs();
    site[i] = a.site();
  }

  /** Preempts a running attempt: its energy so far is spent, its job queues again. */
  private void stop(int attemptId, long now) {
    Attempt a = live.get(attemptId);
    release(a, now);
    preempted[a.job().index()]++;
    preemptions++;
    enqueue(a.job());
  }

  private void release(Attempt a, long now) {
    live.remove(a.id());
    runningByNode.get(a.nodeId()).removeIf(r -> r.attemptId().equals(Integer.toString(a.id())));
    NodeSnapshot node = view.node(a.nodeId()).orElseThrow();
    view = view.withNode(node.withRelease(a.gpus(), 0, 0, 0));
    freeGpus += a.gpus().size();
    if (a.job().jobClass() == JobClass.INTERRUPTIBLE) {
      interruptibleRunning--;
    }
    Site s = fleet.sites().get(a.site());
    long runMs = now - a.startMs();
    double wh = accounting.siteWh(s, a.gpus().size(), runMs);
    double c = runMs == 0 ? 0 : accounting.cost(s, wh, a.startMs(), runMs);
    int i = a.job().index();
    siteWh[i] += wh;
    cost[i] += c;
    int day = (int) ((a.startMs() - originMs) / DAY_MS);
    if (day >= costByDay.length) {
      costByDay = Arrays.copyOf(costByDay, Math.max(day + 1, costByDay.length * 2));
    }
    costByDay[day] += c;
  }

  private long peek() {
    return events.isEmpty() ? Long.MAX_VALUE : events.peek().atMs();
  }

  private static long ms(Instant t) {
    return t.toEpochMilli();
  }

  private record Attempt(
      int id, SimJob job, String nodeId, int site, List<Integer> gpus, long startMs) {}

  /**
   * The end of an attempt ({@code attempt} set), of a deferral ({@code job} set) or of an
   * interruptible job's wait for a cheaper GPU (neither: the queue is tried again).
   */
  private record Event(long atMs, long seq, Attempt attempt, SimJob job)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(atMs, o.atMs);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
