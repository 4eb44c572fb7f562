package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import io.lastmile.controlplane.store.Futures;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The job lifecycle: accepts, cancels and explains jobs, and applies what agents report. All
 * changes to jobs go through here, under one lock, so a job's state and its node's allocations
 * always agree.
 */
public final class JobControl {
  private static final Logger LOG = Logger.getLogger(JobControl.class);

  private final JobStore store;
  private final ClusterState cluster;
  private final SchedulingQueue queue;
  private final Clock clock;
  private final JobWatchers watchers = new JobWatchers();
  private final Map<String, Decision> lastDecision = new ConcurrentHashMap<>();

  /** The last "cannot be placed" decision recorded, shared by the jobs that get an equal one. */
  private volatile Decision lastUnschedulable;

  private final Runnable wakeScheduler;
  private long epochFloor;

  private final EnergyPricer pricer;

  public JobControl(
      JobStore store,
      ClusterState cluster,
      SchedulingQueue queue,
      Clock clock,
      EnergyPricer pricer,
      Runnable wakeScheduler) {
    this.pricer = pricer;
    this.store = store;
    this.cluster = cluster;
    this.queue = queue;
    this.clock = clock;
    this.wakeScheduler = wakeScheduler;
  }

  /**
   * Accepts a validated spec; the same request id returns the job created first. Returns once the
   * job is durable. Submissions do not take the lifecycle lock, so concurrent ones share commits.
   */
  public Submitted submit(String requestId, JobSpec spec) {
    return Futures.join(submitAsync(requestId, spec));
  }

  /**
   * {@link #submit} without waiting: the future completes once the job is durable, on the thread
   * that committed it, so callers must not block in what they chain to it.
   */
  public CompletableFuture<Submitted> submitAsync(String requestId, JobSpec spec) {
    Job candidate = Job.accepted(newJobId(), requestId, spec, clock.instant());
    return store
        .insertIfAbsentAsync(candidate)
        .thenApply(inserted -> accepted(candidate, inserted));
  }

  private Submitted accepted(Job candidate, JobStore.Inserted inserted) {
    JobSpec spec = candidate.spec();
    if (!inserted.created() && !inserted.job().spec().tenant().equals(spec.tenant())) {
      // Another tenant's job: say nothing about it.
      throw new ConflictException(
          "request_id %s is already in use; use a new request_id".formatted(candidate.requestId()));
    }
    if (!inserted.created() && !inserted.job().spec().equals(spec)) {
      throw new ConflictException(
          "request_id %s was already used for job %s with a different spec; use a new request_id"
              .formatted(candidate.requestId(), inserted.job().id()));
    }
    if (inserted.created()) {
      // A cancel that came first leaves the job CANCELLED; the loop drops it from the queue.
      queue.add(candidate.id(), spec.jobClass(), spec.priority(), candidate.createTime());
      wakeScheduler.run();
    }
    return new Submitted(inserted.job(), inserted.created());
  }

  public record Submitted(Job job, boolean created) {}

  public Job get(String jobId) {
    return store.get(jobId).orElseThrow(() -> new NotFoundException("job", jobId));
  }

  public JobStore.Page list(Set<JobState> states, int pageSize, String pageToken) {
    return store.list(states, pageSize, pageToken);
  }

  /** Jobs of one tenant ({@code ""}: every tenant's), newest first. */
  public JobStore.Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return store.list(states, tenant, pageSize, pageToken);
  }

  /** Cancels a pending or running job; a running attempt is stopped on its node. */
  public synchronized Job cancel(String jobId, String reason) {
    Job job = get(jobId);
    if (job.state() == JobState.CANCELLED) {
      return job;
    }
    if (job.state().isTerminal()) {
      throw new PreconditionException(
          "job %s is already %s; only pending or running jobs can be cancelled"
              .formatted(jobId, job.state()));
    }
    String why = reason.isEmpty() ? "cancelled on request" : "cancelled: " + reason;
    queue.remove(jobId);
    if (job.state().isOnNode()) {
      why += "; stopping attempt %s on %s".formatted(job.attemptId(), job.nodeId());
      String attempt = job.attemptId();
      String because = why;
      cluster.link(job.nodeId()).ifPresent(link -> link.cancel(attempt, because));
    }
    return save(job.transition(JobState.CANCELLED, job.exitCode(), why, 0, clock.instant()));
  }

  /** The last scheduling decision for the job, if it has been through a cycle. */
  public Optional<Decision> explanation(String jobId) {
    get(jobId);
    return Optional.ofNullable(lastDecision.get(jobId));
  }

  public JobWatchers.Subscription watch(String jobId, JobWatchers.Listener listener) {
    synchronized (this) {
      Job job = get(jobId);
      listener.changed(job);
      return watchers.add(jobId, listener);
    }
  }

  /**
   * A node registered. Reported attempts are applied like status updates; those the control plane
   * no longer wants are returned so the agent stops them.
   */
  public synchronized List<String> registered(
      NodeInfo info, NodeLink link, List<AttemptReport> attempts) {
    store.nodeRegistered(info);
    cluster.register(info, link, clock.instant());
    releaseUnwanted(info.id(), attempts);
    List<String> fenced = new ArrayList<>();
    for (AttemptReport report : attempts) {
      if (!isCurrent(report, info.id())) {
        fenced.add(report.attemptId());
      }
    }
    link.registered(fenced);
    for (AttemptReport report : attempts) {
      if (!fenced.contains(report.attemptId())) {
        attemptStatus(info.id(), link, report);
      } else if (report.phase().isTerminal()) {
        link.acknowledge(report.attemptId());
      }
    }
    // The agent journals an attempt before starting it, so one it does not report never reached
    // it (the Assign was lost with the old stream): sending it again cannot run it twice.
    Set<String> reported = new java.util.HashSet<>();
    attempts.forEach(r -> reported.add(r.attemptId()));
    for (Assignment assignment : cluster.assignments(info.id())) {
      boolean wanted = store.get(assignment.jobId()).map(j -> j.state().isOnNode()).orElse(false);
      if (!reported.contains(assignment.attemptId()) && wanted) {
        link.assign(assignment);
      }
    }
    queue.clearBackoffs();
    wakeScheduler.run();
    return fenced;
  }

  /**
   * Frees attempts held on the node that its agent does not report and the control plane no longer
   * wants (their job was cancelled or moved on while the node was away).
   */
  private void releaseUnwanted(String nodeId, List<AttemptReport> reported) {
    Set<String> known = new java.util.HashSet<>();
    reported.forEach(r -> known.add(r.attemptId()));
    for (String attemptId : cluster.attemptsOn(nodeId)) {
      boolean wanted =
          store
              .get(jobIdOf(attemptId))
              .map(j -> j.attemptId().equals(attemptId) && j.state().isOnNode())
              .orElse(false);
      if (!known.contains(attemptId) && !wanted) {
        cluster.release(attemptId);
        store.releaseAttempt(attemptId);
      }
    }
  }

  /** Applies an agent's report on an attempt; duplicates and stale attempts are recognised. */
  public synchronized void attemptStatus(String nodeId, NodeLink link, AttemptReport report) {
    Job job = store.get(report.jobId()).orElse(null);
    String owner = ownerOf(report.attemptId(), job);
    if (owner != null && !owner.equals(nodeId)) {
      throw new PermissionDeniedException(
          "attempt_status.attempt_id: attempt %s is assigned to node %s, not %s; a node reports only its own attempts"
              .formatted(report.attemptId(), owner, nodeId));
    }
    if (job == null || !isCurrent(report, nodeId)) {
      if (report.phase().isTerminal()) {
        cluster.release(report.attemptId());
        link.acknowledge(report.attemptId());
      } else {
        link.cancel(report.attemptId(), "attempt is fenced: the job has moved on");
      }
      return;
    }
    Instant now = clock.instant();
    switch (report.phase()) {
      case STARTING -> {}
      case RUNNING -> {
        if (job.state() == JobState.SCHEDULED) {
          save(job.transition(JobState.RUNNING, null, "running on " + nodeId, 0, now));
        }
      }
      case SUCCEEDED, FAILED, CANCELLED -> {
        if (cluster.release(report.attemptId())) {
          finish(job, report, now);
          queue.clearBackoffs();
          wakeScheduler.run();
        }
        link.acknowledge(report.attemptId());
      }
    }
  }

  private void finish(Job measured, AttemptReport report, Instant now) {
    String detail = report.message().isEmpty() ? "" : ": " + report.message();
    double wh = report.energyWh();
    double cost = wh == 0 ? 0 : pricer.cost(measured.nodeId(), wh, now);
    FinishedAttempt finished = new FinishedAttempt(measured, report.phase(), wh, cost, now);
    attemptListeners.forEach(l -> l.finished(finished));
    Job job = Double.isNaN(cost) ? measured : measured.plusCost(cost, pricer.currency());
    if (job.state() == JobState.CANCELLED) {
      save(
          report.attemptId(),
          job.transition(
              JobState.CANCELLED,
              report.exitCode(),
              job.message().replace("stopping attempt", "stopped attempt"),
              wh,
              now));
      return;
    }
    switch (report.phase()) {
      case SUCCEEDED ->
          save(
              report.attemptId(),
              job.transition(JobState.SUCCEEDED, report.exitCode(), "exited with code 0", wh, now));
      case FAILED -> {
        String why =
            "attempt %s failed%s%s"
                .formatted(
                    report.attemptId(),
                    report.exitCode() == null ? "" : " with exit code " + report.exitCode(),
                    detail);
        if (job.attemptCount() < job.spec().maxAttempts()) {
          requeue(
              job.transition(JobState.PENDING, report.exitCode(), why + "; retrying", wh, now),
              report.attemptId());
        } else {
          save(
              report.attemptId(), job.transition(JobState.FAILED, report.exitCode(), why, wh, now));
        }
      }
      default ->
          requeue(
              job.transition(
                  JobState.PENDING,
                  report.exitCode(),
                  "attempt %s was stopped on its node%s; re-queued"
                      .formatted(report.attemptId(), detail),
                  wh,
                  now),
              report.attemptId());
    }
  }

  /** Re-queues jobs whose attempts sat on nodes that did not come back in time. */
  public synchronized void requeueLost(List<String> attemptIds) {
    for (String attemptId : attemptIds) {
      cluster.release(attemptId);
      Optional<Job> found =
          store
              .get(jobIdOf(attemptId))
              .filter(job -> job.attemptId().equals(attemptId) && job.state().isOnNode());
      if (found.isEmpty()) {
        store.releaseAttempt(attemptId);
        continue;
      }
      Job job = found.get();
      LOG.infof("node %s lost: re-queueing job %s", job.nodeId(), job.id());
      requeue(
          job.pending(
              "node %s stopped responding; attempt %s fenced and the job re-queued"
                  .formatted(job.nodeId(), attemptId),
              clock.instant()),
          attemptId);
    }
  }

  /** Attempts bound to nodes, by node, as the preemption planner sees them. */
  synchronized Map<String, List<RunningAttempt>> runningAttempts() {
    Map<String, List<RunningAttempt>> byNode = new java.util.HashMap<>();
    for (NodeSnapshot node : cluster.snapshot()) {
      for (Assignment a : cluster.assignments(node.id())) {
        store
            .get(a.jobId())
            .filter(job -> job.state().isOnNode() && job.attemptId().equals(a.attemptId()))
            .ifPresent(
                job ->
                    byNode
                        .computeIfAbsent(node.id(), id -> new ArrayList<>())
                        .add(
                            new RunningAttempt(
                                a.attemptId(),
                                job.id(),
                                node.id(),
                                a.gpuIndices(),
                                job.spec().jobClass(),
                                job.spec().priority(),
                                job.updateTime(),
                                a.cpuMillis(),
                                a.memoryMiB())));
      }
    }
    return byNode;
  }

  /**
   * Stops the plan's victims to make room for {@code byJobId}: their resources are freed at once,
   * their attempts are fenced and stopped on the node, and their jobs are re-queued (not lost).
   */
  synchronized void preempt(PreemptionPlan plan, String byJobId) {
    Instant now = clock.instant();
    for (RunningAttempt victim : plan.victims()) {
      Job job = get(victim.jobId());
      String why =
          "preempted by latency-critical job %s on %s; attempt %s stopped and the job re-queued"
              .formatted(byJobId, victim.nodeId(), victim.attemptId());
      LOG.infof("job %s: %s", job.id(), why);
      cluster.release(victim.attemptId());
      cluster.link(victim.nodeId()).ifPresent(l -> l.cancel(victim.attemptId(), why));
      requeue(job.pending(why, now));
    }
  }

  /**
   * Rebuilds memory from what the store holds: nodes (NOT_READY until their agents register), their
   * attempts' allocations, and the queue of pending jobs. Call once, before any traffic.
   */
  public synchronized void recover(StoredState state) {
    Instant now = clock.instant();
    state.nodes().forEach(node -> cluster.restore(node, now));
    for (StoredState.Attempt a : state.liveAttempts()) {
      Optional<Job> job = store.get(a.jobId());
      if (job.isEmpty() || !cluster.info(a.nodeId()).isPresent()) {
        continue;
      }
      JobSpec spec = job.get().spec();
      cluster.reserve(
          a.nodeId(),
          new Assignment(
              a.attemptId(),
              a.jobId(),
              a.epoch(),
              spec.workload(),
              a.gpuIndices(),
              a.cpuMillis(),
              a.memoryMiB(),
              spec.timeout()));
    }
    epochFloor = state.maxAttemptEpoch();
    int pending = 0;
    for (Job job : store.unfinished()) {
      if (job.state() == JobState.PENDING) {
        queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
        pending++;
      } else if (job.state().isOnNode() && !cluster.holds(job.attemptId())) {
        requeue(job.pending("attempt %s was lost; re-queued".formatted(job.attemptId()), now));
        pending++;
      }
    }
    LOG.infof(
        "recovered %d jobs (%d queued), %d nodes, %d attempts on nodes",
        state.jobs().size(), pending, state.nodes().size(), state.liveAttempts().size());
  }

  /** Highest attempt epoch ever stored; new epochs must be above it. */
  long epochFloor() {
    return epochFloor;
  }

  /**
   * Records a decision made for a job (kept for ExplainJob). A job that cannot be placed for the
   * same reasons as before keeps the decision it has, and like jobs that cannot be placed for the
   * same reasons share one: a long queue of them holds a few decisions, not one per try, and the
   * retries of a backlog write nothing to long-lived memory.
   */
  public void recordDecision(String jobId, Decision decision) {
    if (!(decision instanceof Decision.Unschedulable)) {
      lastDecision.put(jobId, decision);
      return;
    }
    if (decision.equals(lastDecision.get(jobId))) {
      return;
    }
    Decision shared = lastUnschedulable;
    if (decision.equals(shared)) {
      decision = shared;
    } else {
      lastUnschedulable = decision;
    }
    lastDecision.put(jobId, decision);
  }

  /** Saves a change and tells the job's watchers. Callers hold the lock. */
  Job save(Job job) {
    store.update(job);
    return published(job);
  }

  /** Saves a change that also frees the attempt's hold on its node. Callers hold the lock. */
  private Job save(String releasedAttemptId, Job job) {
    store.update(job, releasedAttemptId);
    return published(job);
  }

  /** Keeps new explanations of pending jobs (in memory) and tells their watchers. */
  void explained(List<Job> jobs) {
    if (!jobs.isEmpty()) {
      store.explain(jobs);
      jobs.forEach(this::published);
    }
  }

  /** Saves a job bound to a node together with its attempt. Callers hold the lock. */
  void bound(Job job, String nodeId, Assignment assignment) {
    store.bind(job, nodeId, assignment);
    published(job);
  }

  private Job published(Job job) {
    watchers.publish(job);
    if (job.state().isTerminal()) {
      watchers.complete(job.id());
    }
    return job;
  }

  private void requeue(Job job) {
    save(job);
    queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
  }

  private void requeue(Job job, String releasedAttemptId) {
    save(releasedAttemptId, job);
    queue.add(job.id(), job.spec().jobClass(), job.spec().priority(), job.updateTime());
  }

  private static String jobIdOf(String attemptId) {
    return attemptId.substring(0, attemptId.lastIndexOf('/'));
  }

  /** The node an attempt was bound to, when the control plane still knows it; else null. */
  private String ownerOf(String attemptId, Job job) {
    String held = cluster.nodeOf(attemptId).orElse(null);
    if (held != null) {
      return held;
    }
    return job != null && job.attemptId().equals(attemptId) && !job.nodeId().isEmpty()
        ? job.nodeId()
        : null;
  }

  private boolean isCurrent(AttemptReport report, String nodeId) {
    return store
        .get(report.jobId())
        .map(
            job ->
                job.attemptId().equals(report.attemptId())
                    && job.nodeId().equals(nodeId)
                    && (job.state().isOnNode() || cluster.holds(report.attemptId())))
        .orElse(false);
  }

  private static String newJobId() {
    return "job-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  SchedulingQueue queue() {
    return queue;
  }

  JobStore store() {
    return store;
  }

  private final List<AttemptListener> attemptListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Tells {@code listener} of every attempt that finishes, with its energy and cost. */
  public void onAttemptFinished(AttemptListener listener) {
    attemptListeners.add(listener);
  }

  /**
   * Hears of finished attempts (metrics, energy history); called under the lifecycle lock, so it
   * must be quick.
   */
  public interface AttemptListener {
    void finished(FinishedAttempt attempt);
  }
}
