package io.lastmile.controlplane.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.api.PendingReasons;
import io.lastmile.controlplane.api.SubmitValidator;
import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.scheduler.Decision;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Submits {@link InferenceJob} objects through the job lifecycle and mirrors each job's state,
 * node, cost and explanation into the object's status; cancels the job when the object is deleted.
 * One thread does all the work, woken by the watch and every resync interval, so a status missed
 * while the API server was away is written on the next pass.
 */
public final class InferenceJobController {
  private static final Logger LOG = Logger.getLogger(InferenceJobController.class);
  static final String INVALID = "INVALID";

  private final KubernetesClient client;
  private final String namespace;
  private final JobControl jobs;
  private final Supplier<SubmitValidator> validator;
  private final KubeEvents events;
  private final Clock clock;
  private final Duration resync;
  private ScheduledExecutorService worker;
  private SharedIndexInformer<InferenceJob> informer;

  /**
   * @param validator the rules of {@code SubmitJob}, fresh for each submission
   * @param clock the time of the conditions' transitions
   * @param resync how often every object is compared with its job
   */
  public InferenceJobController(
      KubernetesClient client,
      String namespace,
      JobControl jobs,
      Supplier<SubmitValidator> validator,
      KubeEvents events,
      Clock clock,
      Duration resync) {
    this.client = client;
    this.namespace = namespace;
    this.jobs = jobs;
    this.validator = validator;
    this.events = events;
    this.clock = clock;
    this.resync = resync;
  }

  /** Watches the namespace's InferenceJobs and starts mirroring. */
  public synchronized void start() {
    worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "kube-inferencejobs"));
    informer =
        client
            .resources(InferenceJob.class)
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(InferenceJob job) {
                    worker.execute(() -> reconcile(job));
                  }

                  @Override
                  public void onUpdate(InferenceJob old, InferenceJob job) {
                    worker.execute(() -> reconcile(job));
                  }

                  @Override
                  public void onDelete(InferenceJob job, boolean finalStateUnknown) {
                    worker.execute(() -> deleted(job));
                  }
                });
    long ms = resync.toMillis();
    worker.scheduleWithFixedDelay(this::reconcileAll, ms, ms, TimeUnit.MILLISECONDS);
    LOG.infof("watching InferenceJobs in namespace %s", namespace);
  }

  public synchronized void stop() {
    if (informer != null) {
      informer.close();
      worker.shutdownNow();
      informer = null;
    }
  }

  private void reconcileAll() {
    try {
      informer.getStore().list().forEach(this::reconcile);
    } catch (RuntimeException e) {
      LOG.warnf(e, "InferenceJob resync failed; trying again in %s", resync);
    }
  }

  /** Submits the object if it has no job yet, then writes the job's status if it changed. */
  void reconcile(InferenceJob resource) {
    InferenceJobStatus old = resource.getStatus();
    InferenceJobStatus next;
    if (old == null || old.jobId == null || old.jobId.isEmpty()) {
      if (old != null && INVALID.equals(old.state) && isObserved(resource)) {
        return;
      }
      next = submit(resource);
    } else {
      next = mirror(old.jobId);
      if (next == null) {
        return;
      }
    }
    next.observedGeneration = resource.getMetadata().getGeneration();
    next.conditions =
        Conditions.settle(
            old == null ? null : old.conditions,
            JobConditions.of(next),
            next.observedGeneration,
            clock.instant());
    if (!sameStatus(old, next)) {
      writeStatus(resource, next);
      announce(resource, old, next);
    }
  }

  private InferenceJobStatus submit(InferenceJob resource) {
    try {
      SubmitValidator rules = validator.get();
      SubmitJobRequest request = InferenceJobRequests.request(resource);
      JobControl.Submitted submitted = jobs.submit(rules.requestId(request), rules.spec(request));
      return status(submitted.job());
    } catch (InvalidFieldException e) {
      InferenceJobStatus invalid = new InferenceJobStatus();
      invalid.state = INVALID;
      invalid.invalidField = InferenceJobRequests.resourceField(e.field());
      invalid.message =
          invalid.invalidField
              + e.getMessage().substring(e.field().length())
              + "; fix the spec and apply it again";
      return invalid;
    } catch (ConflictException e) {
      InferenceJobStatus conflict = new InferenceJobStatus();
      conflict.state = INVALID;
      conflict.message = e.getMessage();
      return conflict;
    }
  }

  private InferenceJobStatus mirror(String jobId) {
    try {
      return status(jobs.get(jobId));
    } catch (NotFoundException e) {
      LOG.warnf("InferenceJob refers to job %s, which the control plane does not know", jobId);
      return null;
    }
  }

  private InferenceJobStatus status(Job job) {
    InferenceJobStatus s = new InferenceJobStatus();
    s.jobId = job.id();
    s.state = job.state().name();
    s.node = emptyToNull(job.nodeId());
    s.region = emptyToNull(job.nodeRegion());
    s.attempts = job.attemptCount();
    s.exitCode = job.exitCode();
    s.energyWh = job.energyWh();
    s.cost = job.cost();
    s.currency = emptyToNull(job.currency());
    s.message = job.message();
    Optional<Decision> decision = jobs.explanation(job.id());
    s.explanation = decision.map(Decision::summary).orElse(null);
    if (job.state() == JobState.PENDING) {
      s.pendingReason = PendingReasons.of(decision.orElse(null));
    }
    return s;
  }

  private void writeStatus(InferenceJob resource, InferenceJobStatus status) {
    try {
      StatusPatch.replace(client, InferenceJob.class, resource, status);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warnf("status of InferenceJob %s not written: %s", resource.getMetadata().getName(), e);
      }
    }
  }

  private void announce(InferenceJob resource, InferenceJobStatus old, InferenceJobStatus next) {
    if (old != null && Objects.equals(old.state, next.state)) {
      return;
    }
    switch (next.state) {
      case INVALID -> events.record(resource, true, "Invalid", next.message);
      case "PENDING" ->
          events.record(resource, false, "Submitted", "job " + next.jobId + ": " + next.message);
      case "SCHEDULED" ->
          events.record(resource, false, "Scheduled", "job " + next.jobId + " on " + next.node);
      case "FAILED" -> events.record(resource, true, "Failed", next.message);
      default -> events.record(resource, false, Conditions.reason(next.state), next.message);
    }
  }

  /** Cancels the job of a deleted object, unless it has finished. */
  void deleted(InferenceJob resource) {
    InferenceJobStatus s = resource.getStatus();
    if (s == null || s.jobId == null || s.jobId.isEmpty()) {
      return;
    }
    try {
      Job job = jobs.get(s.jobId);
      if (!job.state().isTerminal()) {
        jobs.cancel(
            s.jobId,
            "InferenceJob %s/%s was deleted"
                .formatted(
                    resource.getMetadata().getNamespace(), resource.getMetadata().getName()));
      }
    } catch (NotFoundException | PreconditionException e) {
      LOG.debugf("job %s of a deleted InferenceJob not cancelled: %s", s.jobId, e.getMessage());
    }
  }

  private boolean isObserved(InferenceJob resource) {
    return Objects.equals(
        resource.getStatus().observedGeneration, resource.getMetadata().getGeneration());
  }

  private static boolean sameStatus(InferenceJobStatus a, InferenceJobStatus b) {
    return a != null && Serialization.asJson(a).equals(Serialization.asJson(b));
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
