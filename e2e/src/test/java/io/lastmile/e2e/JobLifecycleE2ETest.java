package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.ExplainJobResponse;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.WatchJobRequest;
import io.lastmile.api.v1.WatchJobResponse;
import io.lastmile.api.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A control plane and two agents in different regions, as separate processes over real sockets. */
class JobLifecycleE2ETest {
  @TempDir static Path work;
  static LocalCluster cluster;
  static ManagedChannel channel;
  static JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeAll
  static void startCluster() {
    cluster =
        new LocalCluster(work)
            .startControlPlane()
            .startAgent("edge-fra-1", "de-fra", "2xL4:23034:72")
            .startAgent("edge-sin-1", "sg-sin", "1xA100-80GB:81920:300");
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void jobBoundToARegionRunsAsARealProcessOnThatRegionsAgentAndSucceeds() throws Exception {
    Path marker = work.resolve("marker-" + UUID.randomUUID());
    Job job =
        submit(
            spec(
                    "sh",
                    "-c",
                    "echo \"$LASTMILE_JOB_ID gpus=$CUDA_VISIBLE_DEVICES pid=$$\" > "
                        + marker
                        + "; sleep 1")
                .setResources(Resources.newBuilder().setGpuCount(1))
                .setPlacement(
                    Placement.newBuilder()
                        .setOriginRegion("de-fra")
                        .setMaxRtt(Duration.newBuilder().setNanos(30_000_000))));

    Job done = awaitState(job.getId(), JobState.JOB_STATE_SUCCEEDED);

    assertThat(done.getNodeId()).isEqualTo("edge-fra-1");
    assertThat(done.getNodeRegion()).isEqualTo("de-fra");
    assertThat(done.getHasExitCode()).isTrue();
    assertThat(done.getExitCode()).isZero();
    assertThat(Files.readString(marker)).startsWith(job.getId() + " gpus=0 pid=");
    // The simulated L4 draws 10% of its 72 W limit: about 7.2 W for a little over a second.
    assertThat(done.getEnergyWh()).isBetween(0.001, 0.01);
    // Priced at the node's zone (DE-LU sample profile, 60 to 130 EUR/MWh) with PUE 1.0.
    assertThat(done.getCurrency()).isEqualTo("EUR");
    assertThat(done.getCost())
        .isBetween(done.getEnergyWh() * 60 / 1e6, done.getEnergyWh() * 130 / 1e6);
  }

  @Test
  void failingCommandReachesFailedWithItsExitCode() {
    Job job = submit(spec("sh", "-c", "echo boom >&2; exit 7"));

    Job done = awaitState(job.getId(), JobState.JOB_STATE_FAILED);

    assertThat(done.getExitCode()).isEqualTo(7);
    assertThat(done.getMessage()).contains("exit code 7");
  }

  @Test
  void cancelledLongJobIsStoppedOnTheAgentAndReachesCancelled() throws Exception {
    Path pidFile = work.resolve("pid-" + UUID.randomUUID());
    Job job =
        submit(
            spec("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 300")
                .setPlacement(
                    Placement.newBuilder()
                        .setOriginRegion("sg-sin")
                        .setMaxRtt(Duration.newBuilder().setNanos(5_000_000))));
    awaitState(job.getId(), JobState.JOB_STATE_RUNNING);
    await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

    Job cancelled =
        jobs.cancelJob(
                CancelJobRequest.newBuilder().setJobId(job.getId()).setReason("test over").build())
            .getJob();

    assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
    assertThat(cancelled.getNodeId()).isEqualTo("edge-sin-1");
    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .untilAsserted(() -> assertThat(get(job.getId()).getMessage()).contains("stopped attempt"));
    assertThat(get(job.getId()).getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
  }

  @Test
  void jobNobodyCanHostStaysPendingAndExplainSaysWhyWithNumbers() {
    Job job =
        submit(
            spec("true")
                .setResources(Resources.newBuilder().setGpuCount(4).setGpuMemoryMib(40_000))
                .setPlacement(
                    Placement.newBuilder()
                        .setOriginRegion("de-fra")
                        .setMaxRtt(Duration.newBuilder().setNanos(50_000_000))));

    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .untilAsserted(
            () -> {
              ExplainJobResponse why =
                  jobs.explainJob(ExplainJobRequest.newBuilder().setJobId(job.getId()).build());
              assertThat(why.getNodesConsidered()).isEqualTo(2);
              assertThat(why.getSummary())
                  .startsWith("0/2 nodes can host the job: ")
                  .contains("2 free GPUs, 4 requested (1 node)")
                  .contains("round trip from de-fra 158 ms over bound 50 ms (1 node)");
            });
    assertThat(get(job.getId()).getState()).isEqualTo(JobState.JOB_STATE_PENDING);
  }

  @Test
  void watchStreamsEveryStateChangeUntilTheJobFinishes() {
    Job job = submit(spec("sh", "-c", "sleep 2"));

    Iterator<WatchJobResponse> updates =
        jobs.withDeadlineAfter(30, TimeUnit.SECONDS)
            .watchJob(WatchJobRequest.newBuilder().setJobId(job.getId()).build());
    List<JobState> seen = new ArrayList<>();
    updates.forEachRemaining(u -> seen.add(u.getJob().getState()));

    assertThat(seen)
        .contains(JobState.JOB_STATE_RUNNING)
        .last()
        .isEqualTo(JobState.JOB_STATE_SUCCEEDED);
  }

  @Test
  void latencyCriticalJobPreemptsAnInterruptibleOneWhichIsStoppedAndRequeued() throws Exception {
    Path pidFile = work.resolve("batch-" + UUID.randomUUID());
    Placement nearSingapore =
        Placement.newBuilder()
            .setOriginRegion("sg-sin")
            .setMaxRtt(Duration.newBuilder().setNanos(5_000_000))
            .build();
    Job batch =
        submit(
            spec("sh", "-c", "echo $$ > " + pidFile + "; exec sleep 300")
                .setJobClass(io.lastmile.api.v1.JobClass.JOB_CLASS_INTERRUPTIBLE)
                .setResources(Resources.newBuilder().setGpuCount(1))
                .setPlacement(nearSingapore));
    awaitState(batch.getId(), JobState.JOB_STATE_RUNNING);
    await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long batchPid = Long.parseLong(Files.readString(pidFile).strip());
    List<String> batchMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
    JobServiceGrpc.newStub(channel)
        .watchJob(
            WatchJobRequest.newBuilder().setJobId(batch.getId()).build(),
            new io.grpc.stub.StreamObserver<>() {
              @Override
              public void onNext(WatchJobResponse update) {
                batchMessages.add(update.getJob().getMessage());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {}
            });

    Job urgent =
        submit(
            spec("sh", "-c", "sleep 3")
                .setJobClass(io.lastmile.api.v1.JobClass.JOB_CLASS_LATENCY_CRITICAL)
                .setResources(Resources.newBuilder().setGpuCount(1))
                .setPlacement(nearSingapore));

    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                assertThat(batchMessages)
                    .anySatisfy(
                        m ->
                            assertThat(m)
                                .contains("preempted by latency-critical job " + urgent.getId())));
    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(() -> ProcessHandle.of(batchPid).map(p -> !p.isAlive()).orElse(true));
    Job done = awaitState(urgent.getId(), JobState.JOB_STATE_SUCCEEDED);
    assertThat(done.getNodeId()).isEqualTo("edge-sin-1");
    // Re-queued, not lost: it runs again once the GPU is free.
    awaitState(batch.getId(), JobState.JOB_STATE_RUNNING);
    assertThat(get(batch.getId()).getAttemptCount()).isEqualTo(2);
    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(batch.getId()).build());
  }

  private static JobSpec.Builder spec(String command, String... args) {
    return JobSpec.newBuilder()
        .setName("e2e")
        .setWorkload(Workload.newBuilder().setCommand(command).addAllArgs(List.of(args)));
  }

  private static Job submit(JobSpec.Builder spec) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(spec)
                .build())
        .getJob();
  }

  private static Job get(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private static Job awaitState(String id, JobState state) {
    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .pollInterval(java.time.Duration.ofMillis(100))
        .until(() -> get(id).getState() == state);
    return get(id);
  }
}
