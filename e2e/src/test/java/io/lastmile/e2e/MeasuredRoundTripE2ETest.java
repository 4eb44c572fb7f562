package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips that agents measure replace the configured ones: a job bound to 30 ms from de-fra
 * waits while the only nodes are in sg-sin (158 ms in the sample data), and runs there once an
 * agent in sg-sin measures a short round trip to a target standing for de-fra (here a real TCP
 * listener on this machine: the control plane's HTTP port).
 */
class MeasuredRoundTripE2ETest {
  @TempDir Path work;
  LocalCluster cluster;
  ManagedChannel channel;

  @AfterEach
  void stop() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void measuredRoundTripBringsARegionWithinAJobsBound() {
    cluster =
        new LocalCluster(work)
            .startControlPlane("-Dlastmile.latency.measurement-weight=1")
            .startAgent("edge-sin-1", "sg-sin", "1xL4:23034:72");
    channel = cluster.channel();
    JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);
    Job job =
        jobs.submitJob(
                SubmitJobRequest.newBuilder()
                    .setRequestId(UUID.randomUUID().toString())
                    .setSpec(
                        JobSpec.newBuilder()
                            .setName("near-fra")
                            .setWorkload(Workload.newBuilder().setCommand("true"))
                            .setResources(Resources.newBuilder().setGpuCount(1))
                            .setPlacement(
                                Placement.newBuilder()
                                    .setOriginRegion("de-fra")
                                    .setMaxRtt(Duration.newBuilder().setNanos(30_000_000))))
                    .build())
            .getJob();
    await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(() -> get(jobs, job.getId()).getMessage().contains("158 ms over bound 30 ms"));

    cluster.startAgent(
        "edge-sin-2",
        "sg-sin",
        "1xL4:23034:72",
        "-Dlastmile.agent.rtt.targets.de-fra=127.0.0.1:" + cluster.httpPort(),
        "-Dlastmile.agent.rtt.interval=1s");

    await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> get(jobs, job.getId()).getState() == JobState.JOB_STATE_SUCCEEDED);
    Job done = get(jobs, job.getId());
    assertThat(done.getNodeRegion()).isEqualTo("sg-sin");
    String why =
        jobs.explainJob(ExplainJobRequest.newBuilder().setJobId(job.getId()).build()).getSummary();
    assertThat(why).containsPattern("round-trip \\d+(\\.\\d+)? ms");
    assertThat(why).doesNotContain("round-trip 158 ms");
  }

  private static Job get(JobServiceGrpc.JobServiceBlockingStub jobs, String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }
}
