package io.lastmile.cli;

import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListJobsResponse;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List jobs, newest first.",
    footer = {
      "%nExamples:%n  lastmile list%n  lastmile list --state PENDING --state RUNNING --limit 20"
    })
class ListCommand extends GrpcCommand {
  enum State {
    PENDING,
    SCHEDULED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED
  }

  @Option(
      names = "--state",
      description = "Only jobs in this state; repeatable. One of: ${COMPLETION-CANDIDATES}.")
  List<State> states = new ArrayList<>();

  @Option(
      names = "--limit",
      defaultValue = "100",
      description = "Most jobs to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    List<Job> all = new ArrayList<>();
    String token = "";
    do {
      ListJobsRequest.Builder request =
          ListJobsRequest.newBuilder()
              .setPageSize(Math.max(1, Math.min(1000, limit - all.size())))
              .setPageToken(token);
      states.forEach(s -> request.addStates(JobState.valueOf("JOB_STATE_" + s.name())));
      ListJobsResponse page = jobs.listJobs(request.build());
      all.addAll(page.getJobsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty() && all.size() < limit);
    out.jobs(all);
    return ExitCodes.OK;
  }
}
