package io.lastmile.cli;

import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.JobServiceGrpc;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    mixinStandardHelpOptions = true,
    description = "Cancel a pending or running job; a running workload is stopped on its node.",
    footer = {"%nExample:%n  lastmile cancel job-3f9a1c2b4d5e --reason \"superseded by v2\""})
class CancelCommand extends GrpcCommand {
  @Parameters(paramLabel = "JOB_ID", description = "The job to cancel.")
  String jobId;

  @Option(names = "--reason", defaultValue = "", description = "Kept in the job's message.")
  String reason;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    out.jobs(
        List.of(
            jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(jobId).setReason(reason).build())
                .getJob()));
    return ExitCodes.OK;
  }
}
