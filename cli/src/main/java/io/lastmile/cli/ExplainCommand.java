package io.lastmile.cli;

import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.JobServiceGrpc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Say why a job is pending or why it runs where it runs.",
      "Pending: nodes per rejecting reason, with numbers. Placed: the best candidates with each scorer's raw value, normalised score and weight."
    },
    footer = {"%nExample:%n  lastmile explain job-3f9a1c2b4d5e"})
class ExplainCommand extends GrpcCommand {
  @Parameters(paramLabel = "JOB_ID", description = "The job to explain.")
  String jobId;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    out.explanation(jobs.explainJob(ExplainJobRequest.newBuilder().setJobId(jobId).build()));
    return ExitCodes.OK;
  }
}
