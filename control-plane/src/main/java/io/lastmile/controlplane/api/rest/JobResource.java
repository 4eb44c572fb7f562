package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.api.AttemptCosts;
import io.lastmile.controlplane.api.PendingReasons;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.JobState;
import io.lastmile.controlplane.jobs.JobControl;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.store.JobStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Read-only jobs for the dashboard and scripts; submitting and cancelling stay on gRPC. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {
  private static final int MAX_LIMIT = 1000;

  @Inject JobControl jobs;
  @Inject AttemptCosts costs;

  /** Jobs newest first, at most {@code limit}, optionally only in the given states. */
  @GET
  public List<JobView> list(
      @QueryParam("state") List<String> states,
      @DefaultValue("100") @QueryParam("limit") int limit,
      @Context ContainerRequestContext request) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", limit, "must be between 1 and 1000");
    }
    Set<JobState> wanted = EnumSet.noneOf(JobState.class);
    for (String s : states) {
      wanted.add(state(s));
    }
    List<JobView> out = new ArrayList<>();
    String token = "";
    do {
      JobStore.Page page =
          jobs.list(wanted, RestAuthFilter.caller(request).jobScope(), limit - out.size(), token);
      page.jobs().forEach(j -> out.add(view(j)));
      token = page.nextPageToken();
    } while (!token.isEmpty() && out.size() < limit);
    return out;
  }

  @GET
  @Path("{id}")
  public JobView get(@PathParam("id") String id, @Context ContainerRequestContext request) {
    return view(RestAuthFilter.caller(request).visible(jobs.get(id)));
  }

  private JobView view(Job job) {
    Decision decision = jobs.explanation(job.id()).orElse(null);
    return RestViews.job(
        job, decision, PendingReasons.of(decision), costs.of(job), costs.currency());
  }

  private static JobState state(String name) {
    try {
      return JobState.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(
          "state",
          name,
          "must be one of PENDING, SCHEDULED, RUNNING, SUCCEEDED, FAILED, CANCELLED");
    }
  }
}
