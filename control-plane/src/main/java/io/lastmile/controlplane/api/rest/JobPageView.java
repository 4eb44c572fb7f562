package io.lastmile.controlplane.api.rest;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * One page of a job listing with the server's counts, so that a client shows totals without reading
 * every job.
 *
 * @param total jobs the filters select, over all pages
 * @param offset jobs skipped before this page, in the listing's order
 * @param counts jobs passing every filter but the state one, by state (every state present, 0 for
 *     none): what each state choice would show
 * @param all jobs passing every filter but the state one, in any state
 */
@RegisterForReflection
public record JobPageView(
    List<JobView> jobs, int total, int offset, int limit, Map<String, Integer> counts, int all) {}
