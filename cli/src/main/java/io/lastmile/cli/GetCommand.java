package io.lastmile.cli;

import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = {
      "Show one job: its state, node, energy and cost (a running job's so far), and the last lines"
          + " its last finished attempt printed."
    },
    footer = {"%nExample:%n  lastmile get job-3f9a1c2b4d5e -o json"})
class GetCommand extends GrpcCommand {
  @Parameters(paramLabel = "JOB_ID", description = "The job's id, as printed by submit or list.")
  String jobId;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    Job job = jobs.getJob(GetJobRequest.newBuilder().setJobId(jobId).build()).getJob();
    out.jobs(List.of(job));
    out.logTail(job);
    return ExitCodes.OK;
  }
}
