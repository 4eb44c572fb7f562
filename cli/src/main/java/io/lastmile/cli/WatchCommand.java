package io.lastmile.cli;

import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.WatchJobRequest;
import io.lastmile.api.v1.WatchJobResponse;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Print a job's state changes until it finishes.",
      "Exits 0 when it SUCCEEDED, 10 when it FAILED, 11 when it was CANCELLED."
    },
    footer = {"%nExample:%n  lastmile watch job-3f9a1c2b4d5e --max-wait-seconds 600"})
class WatchCommand extends GrpcCommand {
  @Parameters(paramLabel = "JOB_ID", description = "The job to watch.")
  String jobId;

  @Option(
      names = "--max-wait-seconds",
      defaultValue = "86400",
      description = "Give up (exit 5) after this long (default: ${DEFAULT-VALUE}).")
  long maxWaitSeconds;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    Iterator<WatchJobResponse> updates =
        jobs.withDeadlineAfter(maxWaitSeconds, TimeUnit.SECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(jobId).build());
    Job last = null;
    while (updates.hasNext()) {
      last = updates.next().getJob();
      out.jobs(List.of(last));
    }
    if (last == null) {
      return ExitCodes.INTERNAL;
    }
    return last.getState() == JobState.JOB_STATE_SUCCEEDED
        ? ExitCodes.OK
        : last.getState() == JobState.JOB_STATE_FAILED
            ? ExitCodes.JOB_FAILED
            : ExitCodes.JOB_CANCELLED;
  }
}
