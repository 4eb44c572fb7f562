package io.lastmile.controlplane.jobs;

import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.store.FinishedOrder;
import io.lastmile.controlplane.store.Retention;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last scheduling decision of each job, kept for ExplainJob. A job that cannot be placed for
 * the same reasons as before keeps the decision it has, and like jobs that cannot be placed for the
 * same reasons share one: a long queue of them holds a few decisions, not one per try, and the
 * retries of a backlog write nothing to long-lived memory.
 *
 * <p>Bounded: an unfinished job's decision is kept until it finishes, a finished job's as long as
 * the {@link Retention} keeps finished jobs in memory. Decisions are not stored; a job whose
 * decision was let go is explained without one.
 */
final class DecisionMemory {
  private final Map<String, Decision> lastDecision = new ConcurrentHashMap<>();
  private final FinishedOrder finished;

  /** Deferred jobs' waits, each until the job's next decision: at most one per job. */
  private final Map<String, Deferral.WaitUntil> waits = new ConcurrentHashMap<>();

  /** The last "cannot be placed" decision recorded, shared by the jobs that get an equal one. */
  private volatile Decision lastUnschedulable;

  DecisionMemory(Retention retention) {
    this.finished = new FinishedOrder(retention);
  }

  /** The job finished at {@code at}: it waits no more, and its decision is kept as retained. */
  void finished(String jobId, Instant at) {
    waits.remove(jobId);
    List<String> expired;
    synchronized (finished) {
      finished.finished(jobId, at);
      expired = finished.expired(at);
    }
    expired.forEach(lastDecision::remove);
  }

  /** How many jobs' decisions are kept. */
  int size() {
    return lastDecision.size();
  }

  void record(String jobId, Decision decision) {
    waits.remove(jobId);
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

  Optional<Decision> last(String jobId) {
    return Optional.ofNullable(lastDecision.get(jobId));
  }

  /** The job's last decision placed it, and it waits for a cheaper window as {@code wait} says. */
  void waits(String jobId, Deferral.WaitUntil wait) {
    waits.put(jobId, wait);
  }

  /** What the job waits for since its last decision; empty when it does not wait. */
  Optional<Deferral.WaitUntil> wait(String jobId) {
    return Optional.ofNullable(waits.get(jobId));
  }
}
