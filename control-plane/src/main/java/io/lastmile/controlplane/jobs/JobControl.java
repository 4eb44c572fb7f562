package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.cluster.AgentCommand;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.cluster.NodeLink;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.SchedulingQueue;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.scheduler.preempt.PreemptionPlan;
import io.lastmile.controlplane.scheduler.preempt.RunningAttempt;
import io.lastmile.controlplane.store.Futures;
import io.lastmile.controlplane.store.JobQuery;
import io.lastmile.controlplane.store.JobStore;
import io.lastmile.controlplane.store.Retention;
import io.lastmile.controlplane.store.StoredState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The job lifecycle as its callers see it: accepts, cancels and explains jobs, applies what agents
 * report and gives the scheduling loop what it needs. The work is done by named collaborators
 * around one {@link JobLedger}, which owns the lock and the state that must agree.
 */
public final class JobControl {
  private final JobLedger ledger;
  private final OrphanResults orphans = new OrphanResults();
  private final JobStore store;
  private final JobIntake intake;
  private final DecisionMemory decisions;
  private final AttemptCompletion completion;
  private final AttemptReconciler reconciler;
  private final RegistrationBatches registrations;
  private final ReportGroups reports;
  private final JobPreemption preemption;
  private final JobRecovery recovery;
  private final LiveEnergy live;
  private final Clock clock;

  public JobControl(
      JobStore store,
      ClusterState cluster,
      SchedulingQueue queue,
      Clock clock,
      EnergyPricer pricer) {
    this(store, cluster, queue, clock, pricer, Retention.DEFAULT);
  }

  /** {@code retention}: how long finished jobs' decisions are kept (see {@link DecisionMemory}). */
  public JobControl(
      JobStore store,
      ClusterState cluster,
      SchedulingQueue queue,
      Clock clock,
      EnergyPricer pricer,
      Retention retention) {
    this.store = store;
    this.ledger = new JobLedger(store, cluster, queue);
    this.decisions = new DecisionMemory(retention);
    ledger.onFinished(job -> decisions.finished(job.id(), job.updateTime()));
    this.intake = new JobIntake(ledger, store, clock);
    this.completion = new AttemptCompletion(pricer);
    this.reconciler = new AttemptReconciler(ledger, cluster, completion, clock, orphans);
    this.registrations = new RegistrationBatches(ledger, store, reconciler);
    this.reports = new ReportGroups(ledger, cluster, reconciler, completion, clock);
    this.preemption = new JobPreemption(ledger, cluster, clock);
    this.recovery = new JobRecovery(ledger, store, cluster, clock);
    this.live = new LiveEnergy(pricer);
    this.clock = clock;
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
    return intake.submit(requestId, spec);
  }

  public record Submitted(Job job, boolean created) {}

  /** The job; a running one with its energy and cost so far (see {@link #measured}). */
  public Job get(String jobId) {
    return live.withEnergySoFar(ledger.get(jobId), clock.instant());
  }

  public JobStore.Page list(Set<JobState> states, int pageSize, String pageToken) {
    return list(states, "", pageSize, pageToken);
  }

  /** Jobs of one tenant ({@code ""}: every tenant's), newest first, as {@link #get} shows them. */
  public JobStore.Page list(Set<JobState> states, String tenant, int pageSize, String pageToken) {
    return live.withEnergySoFar(store.list(states, tenant, pageSize, pageToken), clock.instant());
  }

  /** {@link JobStore#find} with running jobs as {@link #get} shows them. */
  public JobStore.Found find(JobQuery query) {
    return live.withEnergySoFar(store.find(query), clock.instant());
  }

  /** The recent steps of every job: its attempts and events, for its detail. */
  public JobTimeline timeline() {
    return ledger.timeline();
  }

  /** What a deferred job waits for, from its last decision; empty when it does not wait. */
  public Optional<Deferral.WaitUntil> waiting(String jobId) {
    return decisions.wait(jobId);
  }

  /**
   * A heartbeat of {@code nodeId} said how much energy its running attempts have used so far; shown
   * on their jobs until the attempts' final reports are stored.
   */
  public void measured(String nodeId, Map<String, Double> energyWhByAttempt) {
    live.measured(nodeId, energyWhByAttempt);
  }

  /** Cancels a pending or running job; a running attempt is stopped on its node. */
  public Job cancel(String jobId, String reason) {
    return intake.cancel(jobId, reason);
  }

  /** The last scheduling decision for the job, if it has been through a cycle. */
  public Optional<Decision> explanation(String jobId) {
    get(jobId);
    return decisions.last(jobId);
  }

  public JobWatchers.Subscription watch(String jobId, JobWatchers.Listener listener) {
    return ledger.write(changes -> changes.watch(jobId, listener));
  }

  /**
   * A node registered on {@code link}. Returns what to send its agent, in order: the confirmation
   * (fencing the reported attempts the control plane no longer wants), the answers to the reported
   * attempts, and the assignments the agent does not know of.
   */
  public List<AgentCommand> registered(NodeInfo info, NodeLink link, List<AttemptReport> attempts) {
    return Futures.join(registeredAsync(info, link, attempts));
  }

  /**
   * {@link #registered}, applied together with the other registrations waiting (one store
   * transaction and one hold of the lifecycle lock for all of them). The calling thread may apply
   * the group itself and wait for the store and the lock, so call this from a worker thread; the
   * future completes on the thread that applied the registration, with no lock held.
   */
  public CompletableFuture<List<AgentCommand>> registeredAsync(
      NodeInfo info, NodeLink link, List<AttemptReport> attempts) {
    return registrations.submit(info, link, attempts);
  }

  /** Commands for the attempts a heartbeat says run on the node: see {@link AttemptReconciler}. */
  public List<AgentCommand> running(String nodeId, Set<String> attemptIds) {
    return reconciler.running(nodeId, attemptIds);
  }

  /** Applies an agent's report on an attempt; returns what to answer the agent. */
  public List<AgentCommand> attemptStatus(String nodeId, AttemptReport report) {
    return Futures.join(attemptStatusAsync(nodeId, report));
  }

  /**
   * {@link #attemptStatus}, applied with the other reports waiting (see {@link ReportGroups}); may
   * apply the group on the calling thread, so call it from a worker.
   */
  public CompletableFuture<List<AgentCommand>> attemptStatusAsync(
      String nodeId, AttemptReport report) {
    return reports.submit(nodeId, report);
  }

  /** Re-queues jobs whose attempts sat on nodes that did not come back in time. */
  public void requeueLost(List<String> attemptIds) {
    reconciler.requeueLost(attemptIds);
  }

  /**
   * Rebuilds memory from what the store holds: nodes (NOT_READY until their agents register), their
   * attempts' allocations, and the queue of pending jobs. Call once, before any traffic.
   */
  public void recover(StoredState state) {
    recovery.recover(state);
  }

  /** Records a decision made for a job (kept for ExplainJob); see {@link DecisionMemory}. */
  public void recordDecision(String jobId, Decision decision) {
    decisions.record(jobId, decision);
  }

  /** Tells {@code listener} of every attempt that finishes, with its energy and cost. */
  public void onAttemptFinished(AttemptListener listener) {
    completion.onAttemptFinished(listener);
  }

  /** Tells {@code listener} whenever there may be work to place (the scheduling loop's wake-up). */
  public void onWorkAvailable(Runnable listener) {
    ledger.onWorkAvailable(listener);
  }

  // What the scheduling loop asks of the lifecycle.

  /** Results agents reported for attempts of jobs this control plane does not know. */
  public OrphanResults orphans() {
    return orphans;
  }

  /** Since when the store has been writable without a break; empty while it is not. */
  public Optional<Instant> writableSince() {
    return store.writableSince();
  }

  /** Highest attempt epoch ever stored; new epochs must be above it. */
  long epochFloor() {
    return ledger.epochFloor();
  }

  /**
   * Runs one scheduling round with the lifecycle held still: no report, cancel or registration
   * changes a job between its decision and its binding.
   */
  void runCycle(Runnable cycle) {
    ledger.update(changes -> cycle.run());
  }

  /** Ids of queued jobs due at {@code now}, in the order they should be tried. */
  List<String> due(Instant now) {
    return ledger.write(changes -> changes.queue().due(now));
  }

  /** The job if it still waits to be placed; else it leaves the queue and this is empty. */
  Optional<Job> pending(String jobId) {
    return ledger.write(
        changes -> {
          Optional<Job> found = ledger.find(jobId).filter(j -> j.state() == JobState.PENDING);
          if (found.isEmpty()) {
            changes.queue().remove(jobId);
          }
          return found;
        });
  }

  void backOff(String jobId, Instant now) {
    ledger.update(changes -> changes.queue().backOff(jobId, now));
  }

  /** Keeps a deferred job off the queue until its window, and what waiting saves. */
  void deferUntil(String jobId, Deferral.WaitUntil wait) {
    ledger.update(changes -> changes.queue().deferUntil(jobId, wait.startAt()));
    decisions.waits(jobId, wait);
  }

  /** Nodes changed (one went silent, prices moved): backed-off jobs are tried again at once. */
  void clearBackoffs() {
    ledger.update(changes -> changes.queue().clearBackoffs());
  }

  /** Prices moved: deferred jobs are weighed again. */
  void reconsiderDeferred() {
    ledger.update(changes -> changes.queue().reconsiderDeferred());
  }

  /** Binds jobs to nodes with their attempts: durable in one write, held on the nodes, dequeued. */
  void bindAll(List<JobStore.Binding> bindings) {
    ledger.update(changes -> changes.bind(bindings));
  }

  /** Keeps new explanations of pending jobs (in memory) and tells their watchers. */
  void explained(List<Job> jobs) {
    ledger.update(changes -> changes.explained(jobs));
  }

  Map<String, List<RunningAttempt>> runningAttempts() {
    return preemption.runningAttempts();
  }

  void preempt(PreemptionPlan plan, String byJobId) {
    preemption.preempt(plan, byJobId);
  }
}
