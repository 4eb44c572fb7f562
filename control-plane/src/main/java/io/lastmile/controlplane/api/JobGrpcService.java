package io.lastmile.controlplane.api;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.CancelJobResponse;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.ExplainJobResponse;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.GetJobResponse;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListJobsResponse;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.SubmitJobResponse;
import io.lastmile.api.v1.WatchJobRequest;
import io.lastmile.api.v1.WatchJobResponse;
import io.lastmile.controlplane.auth.Caller;
import io.lastmile.controlplane.auth.Callers;
import io.lastmile.controlplane.auth.SubmitRateLimiter;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.JobWatchers;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.scheduler.Scheduler;
import io.lastmile.controlplane.store.JobStore;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import java.util.EnumSet;
import java.util.Set;

/** gRPC adapter for {@code lastmile.v1.JobService}: validates, delegates, maps errors. */
@GrpcService
@Blocking
public class JobGrpcService extends JobServiceGrpc.JobServiceImplBase {
  private static final int DEFAULT_PAGE_SIZE = 100;
  private static final int MAX_PAGE_SIZE = 1000;

  @Inject JobControl jobs;
  @Inject Leadership leadership;
  @Inject Topology topology;
  @Inject Scheduler scheduler;
  @Inject LastmileMeters metrics;
  @Inject SubmitRateLimiter submitRate;
  @Inject WorkloadLimits workloadLimits;

  /**
   * Runs on the network thread, not a worker: validation takes microseconds, and the answer is sent
   * from the thread that committed the job, so no thread waits for the database.
   */
  @Override
  @NonBlocking
  public void submitJob(SubmitJobRequest request, StreamObserver<SubmitJobResponse> out) {
    GrpcErrors.unaryAsync(
        "SubmitJob",
        out,
        () -> {
          leadership.requireLeader();
          SubmitValidator validator =
              new SubmitValidator(topology.latency(), scheduler.scorerNames(), workloadLimits);
          Caller caller = Callers.current();
          submitRate.acquire(caller.tenant());
          return jobs.submitAsync(
                  validator.requestId(request), validator.spec(request).ownedBy(caller.tenant()))
              .thenApply(this::submitted);
        });
  }

  private SubmitJobResponse submitted(JobControl.Submitted submitted) {
    if (submitted.created()) {
      metrics.submitted(submitted.job().spec().jobClass());
    }
    return SubmitJobResponse.newBuilder()
        .setJob(ProtoMapper.job(submitted.job()))
        .setCreated(submitted.created())
        .build();
  }

  @Override
  public void getJob(GetJobRequest request, StreamObserver<GetJobResponse> out) {
    GrpcErrors.unary(
        "GetJob",
        out,
        () ->
            GetJobResponse.newBuilder()
                .setJob(ProtoMapper.job(visibleJob(request.getJobId())))
                .build());
  }

  @Override
  public void listJobs(ListJobsRequest request, StreamObserver<ListJobsResponse> out) {
    GrpcErrors.unary(
        "ListJobs",
        out,
        () -> {
          int size = request.getPageSize();
          if (size < 0 || size > MAX_PAGE_SIZE) {
            throw new InvalidFieldException(
                "page_size", size, "must be between 1 and 1000 (0 means 100)");
          }
          Set<JobState> states = EnumSet.noneOf(JobState.class);
          request.getStatesList().stream()
              .map(ProtoMapper::state)
              .filter(s -> s != null)
              .forEach(states::add);
          ListJobsResponse.Builder b = ListJobsResponse.newBuilder();
          if (request.getStatesCount() > 0 && states.isEmpty()) {
            return b.build();
          }
          JobStore.Page page =
              jobs.list(
                  states,
                  Callers.current().jobScope(),
                  size == 0 ? DEFAULT_PAGE_SIZE : size,
                  request.getPageToken());
          page.jobs().forEach(j -> b.addJobs(ProtoMapper.job(j)));
          return b.setNextPageToken(page.nextPageToken()).build();
        });
  }

  @Override
  public void cancelJob(CancelJobRequest request, StreamObserver<CancelJobResponse> out) {
    GrpcErrors.unary(
        "CancelJob",
        out,
        () -> {
          leadership.requireLeader();
          if (request.getReason().length() > 256) {
            throw new InvalidFieldException(
                "reason", request.getReason(), "must be at most 256 characters");
          }
          InvalidFieldException.requirePrintable("reason", request.getReason());
          Job job = jobs.cancel(visibleJob(request.getJobId()).id(), request.getReason());
          return CancelJobResponse.newBuilder().setJob(ProtoMapper.job(job)).build();
        });
  }

  @Override
  public void explainJob(ExplainJobRequest request, StreamObserver<ExplainJobResponse> out) {
    GrpcErrors.unary(
        "ExplainJob",
        out,
        () -> {
          Job job = visibleJob(request.getJobId());
          return ProtoMapper.explanation(job, jobs.explanation(job.id()).orElse(null));
        });
  }

  @Override
  public void watchJob(WatchJobRequest request, StreamObserver<WatchJobResponse> out) {
    WatchStream stream = new WatchStream((ServerCallStreamObserver<WatchJobResponse>) out);
    try {
      String id = visibleJob(request.getJobId()).id();
      JobWatchers.Subscription subscription = jobs.watch(id, stream);
      stream.out.setOnCancelHandler(subscription::close);
      if (jobs.get(id).state().isTerminal()) {
        subscription.close();
        stream.completed();
      }
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e, "WatchJob"));
    }
  }

  /** Forwards job changes to one WatchJob stream, completing it exactly once. */
  private static final class WatchStream implements JobWatchers.Listener {
    final ServerCallStreamObserver<WatchJobResponse> out;
    private boolean done;

    WatchStream(ServerCallStreamObserver<WatchJobResponse> out) {
      this.out = out;
    }

    @Override
    public synchronized void changed(Job job) {
      if (!done && !out.isCancelled()) {
        out.onNext(WatchJobResponse.newBuilder().setJob(ProtoMapper.job(job)).build());
      }
    }

    @Override
    public synchronized void completed() {
      if (!done && !out.isCancelled()) {
        out.onCompleted();
      }
      done = true;
    }
  }

  /** The job, if the caller may see it; another tenant's job is NOT_FOUND like an unknown one. */
  private Job visibleJob(String id) {
    return Callers.current().visible(jobs.get(jobId(id)));
  }

  private static String jobId(String id) {
    if (id.isEmpty()) {
      throw new InvalidFieldException("job_id", id, "is required");
    }
    return id;
  }
}
