package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An agent killed with SIGKILL and started again re-adopts its workloads and never reruns one. */
@Tag("fault")
class AgentResilienceE2ETest {
  @TempDir Path work;
  LocalCluster cluster;
  ManagedChannel channel;
  JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeEach
  void start() {
    cluster =
        new LocalCluster(work).startControlPlane().startAgent("edge-1", "de-fra", "1xL4:23034:72");
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    cluster.close();
  }

  @Test
  void agentKilledMidRunIsRestartedAndTheAttemptCompletesOnceWithItsExitCode() throws Exception {
    Path runs = work.resolve("runs.log");
    Path pidFile = work.resolve("workload.pid");
    Job job =
        submit(
            "echo $LASTMILE_ATTEMPT_ID >> %s; echo $$ > %s; sleep 4; exit 3"
                .formatted(runs, pidFile));
    awaitState(job.getId(), JobState.JOB_STATE_RUNNING);
    await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long workloadPid = Long.parseLong(Files.readString(pidFile).strip());

    cluster.killAgent("edge-1");
    assertThat(ProcessHandle.of(workloadPid).map(ProcessHandle::isAlive)).hasValue(true);
    cluster.restartAgent("edge-1");

    Job done = awaitState(job.getId(), JobState.JOB_STATE_FAILED);
    assertThat(done.getExitCode()).isEqualTo(3);
    assertThat(done.getAttemptCount()).isEqualTo(1);
    assertThat(Files.readAllLines(runs)).containsExactly(job.getId() + "/1");
  }

  @Test
  void workloadThatFinishedWhileTheAgentWasDownIsReportedWhenItReturns() throws Exception {
    Path runs = work.resolve("runs.log");
    Job job = submit("echo $LASTMILE_ATTEMPT_ID >> %s; sleep 1".formatted(runs));
    awaitState(job.getId(), JobState.JOB_STATE_RUNNING);

    cluster.killAgent("edge-1");
    Thread.sleep(2_000); // the workload ends while no agent watches it
    cluster.restartAgent("edge-1");

    Job done = awaitState(job.getId(), JobState.JOB_STATE_SUCCEEDED);
    assertThat(done.getExitCode()).isZero();
    assertThat(Files.readAllLines(runs)).containsExactly(job.getId() + "/1");
  }

  @Test
  void controlPlaneStoppedMidRunComesBackAndTheJobCompletesWithItsEnergy() throws Exception {
    Path runs = work.resolve("runs.log");
    Path pidFile = work.resolve("workload.pid");
    Job job =
        submit(
            "echo $LASTMILE_ATTEMPT_ID >> %s; echo $$ > %s; sleep 6".formatted(runs, pidFile), 1);
    awaitState(job.getId(), JobState.JOB_STATE_RUNNING);
    await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long workloadPid = Long.parseLong(Files.readString(pidFile).strip());

    cluster.killControlPlane();
    Thread.sleep(1_500);
    assertThat(ProcessHandle.of(workloadPid).map(ProcessHandle::isAlive)).hasValue(true);
    cluster.restartControlPlane();
    channel.shutdownNow();
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);

    Job done = awaitState(job.getId(), JobState.JOB_STATE_SUCCEEDED);
    assertThat(done.getExitCode()).isZero();
    assertThat(done.getAttemptCount()).isEqualTo(1);
    assertThat(done.getNodeId()).isEqualTo("edge-1");
    assertThat(Files.readAllLines(runs)).containsExactly(job.getId() + "/1");
    // The agent measured the whole run, outage included: the simulated L4 draws about 7.2 W.
    assertThat(done.getEnergyWh()).isBetween(0.008, 0.03);
  }

  private Job submit(String script, int gpus) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("resilience")
                        .setResources(io.lastmile.api.v1.Resources.newBuilder().setGpuCount(gpus))
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(script)))
                .build())
        .getJob();
  }

  private Job submit(String script) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("resilience")
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(script)))
                .build())
        .getJob();
  }

  private Job awaitState(String id, JobState state) {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(id).getState() == state);
    return get(id);
  }

  private Job get(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }
}
