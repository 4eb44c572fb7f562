package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.api.AttemptCosts;
import io.lastmile.controlplane.api.PendingReasons;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.jobs.JobTimeline;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.defer.Deferral;
import io.lastmile.controlplane.store.JobQuery;
import io.lastmile.controlplane.store.JobStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only jobs for the dashboard and scripts; submitting and cancelling stay on gRPC. A caller
 * sees only the jobs of its own scope, as on gRPC.
 */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

  @Inject JobControl jobs;
  @Inject AttemptCosts costs;

  /** Jobs newest first (or as {@code sort} says), at most {@code limit}, filtered as asked. */
  @GET
  public List<JobView> list(
      @BeanParam JobQueryParams params, @Context ContainerRequestContext request) {
    return page(params, request).jobs();
  }

  /** One page of jobs with the total and the per-state counts of what the filters select. */
  @GET
  @Path("page")
  public JobPageView page(
      @BeanParam JobQueryParams params, @Context ContainerRequestContext request) {
    JobQuery query = params.query(RestAuthFilter.caller(request).jobScope());
    JobStore.Found found = jobs.find(query);
    Map<String, Integer> counts = new LinkedHashMap<>();
    int all = 0;
    for (JobState s : JobState.values()) {
      int n = found.byState().getOrDefault(s, 0);
      counts.put(s.name(), n);
      all += n;
    }
    return new JobPageView(
        found.jobs().stream().map(this::view).toList(),
        found.total(),
        query.offset(),
        query.limit(),
        counts,
        all);
  }

  @GET
  @Path("{id}")
  public JobView get(@PathParam("id") String id, @Context ContainerRequestContext request) {
    return view(visible(id, request));
  }

  /** The job with its spec, explanation, wait, attempts, events and log tail. */
  @GET
  @Path("{id}/detail")
  public JobDetailView detail(
      @PathParam("id") String id, @Context ContainerRequestContext request) {
    Job job = visible(id, request);
    JobView view = view(job);
    List<JobTimeline.Step> steps = jobs.timeline().of(job.id());
    return new JobDetailView(
        view,
        JobDetails.spec(job.spec()),
        JobDetails.explanation(jobs.explanation(job.id()).orElse(null)),
        JobDetails.waitOf(waiting(job)),
        JobDetails.attempts(
            steps, job.energyWh(), view.cost() == null ? Double.NaN : view.cost(), view.currency()),
        JobDetails.events(steps),
        job.logTail());
  }

  private Job visible(String id, ContainerRequestContext request) {
    return RestAuthFilter.caller(request).visible(jobs.get(id));
  }

  private JobView view(Job job) {
    Decision decision = jobs.explanation(job.id()).orElse(null);
    return RestViews.job(
        job,
        decision,
        PendingReasons.of(decision),
        costs.of(job),
        costs.currency(),
        jobs.timeline().started(job),
        waiting(job));
  }

  private Deferral.WaitUntil waiting(Job job) {
    return job.state() == JobState.PENDING ? jobs.waiting(job.id()).orElse(null) : null;
  }
}
