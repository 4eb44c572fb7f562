package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A control plane and an agent as separate processes, the agent switching workloads to {@code
 * nobody} when it runs as root (as in CI), both logging at DEBUG: workloads run unprivileged with
 * capped logs, the agent enforces its own limits, and no log holds a job's environment value.
 */
class WorkloadHardeningE2ETest {
  private static final String NODE = "edge-hardened-1";
  private static final String SECRET = "s3cr3t-" + UUID.randomUUID();

  @TempDir static Path work;
  static LocalCluster cluster;
  static ManagedChannel channel;
  static JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeAll
  static void startCluster() throws IOException {
    // The workload user must pass through the test's folder to reach its working directory.
    Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwx--x--x"));
    String debug = "-Dquarkus.log.category.\"io.lastmile\".level=DEBUG";
    cluster =
        new LocalCluster(work)
            // The control plane accepts more variables than the agent will run.
            .startControlPlane(debug, "-Dlastmile.workload-limits.max-env-entries=200")
            .startAgent(
                NODE,
                "de-fra",
                "1xL4:23034:72",
                debug,
                "-Dlastmile.agent.workload.user=nobody",
                "-Dlastmile.agent.workload.max-log-bytes=1000");
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
  void workloadRunsUnprivilegedWithCappedOutputAndKeepsRunningPastTheCap() throws Exception {
    Job job =
        submit(
            "id -u; head -c 5000 /dev/zero | tr '\\0' x; echo; echo finished > finished",
            Workload.newBuilder());

    Job done = awaitState(job.getId(), JobState.JOB_STATE_SUCCEEDED);

    Path run = runDir(done);
    String out = Files.readString(run.resolve("stdout.log"));
    String expectedUid = isRoot() ? "65534" : String.valueOf(uid());
    assertThat(out)
        .startsWith(expectedUid + "\n")
        .contains("[lastmile: output truncated at 1000 bytes; the rest is discarded]")
        .hasSizeLessThan(1100);
    assertThat(Files.readString(run.resolve("work/finished"))).isEqualTo("finished\n");
  }

  @Test
  void agentRefusesAnAssignmentOverItsOwnLimitsAndTheJobFailsSayingWhy() {
    Workload.Builder w = Workload.newBuilder();
    IntStream.range(0, 150).forEach(i -> w.putEnv("V" + i, "x"));

    Job job = submit("true", w);

    Job failed = awaitState(job.getId(), JobState.JOB_STATE_FAILED);
    assertThat(failed.getMessage())
        .contains("refused by the agent: workload.env: must have at most 128 (got 150 entries)");
  }

  @Test
  void secretEnvironmentValuesAppearInNoLogOfTheControlPlaneOrTheAgent() throws Exception {
    Workload.Builder withSecret = Workload.newBuilder().putEnv("API_TOKEN", SECRET);
    Job ran = submit("test -n \"$API_TOKEN\"", withSecret.clone());
    Job failed = submit("exit 3", withSecret.clone());
    Job cancelled = submit("exec sleep 300", withSecret.clone());
    StatusRuntimeException invalid =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> submit("true", withSecret.clone().putEnv("BROKEN", SECRET + "\0")));
    awaitState(ran.getId(), JobState.JOB_STATE_SUCCEEDED);
    awaitState(failed.getId(), JobState.JOB_STATE_FAILED);
    awaitState(cancelled.getId(), JobState.JOB_STATE_RUNNING);
    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(cancelled.getId()).build());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> get(cancelled.getId()).getMessage().contains("stopped attempt"));

    assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(invalid.getStatus().getDescription()).doesNotContain(SECRET);
    for (Path log : Stream.of("control-plane", NODE).map(LocalCluster::log).toList()) {
      String text = Files.readString(log);
      assertThat(text).as(log.toString()).contains(ran.getId()).doesNotContain(SECRET);
    }
  }

  private static Path runDir(Job job) throws IOException {
    try (Stream<Path> dirs = Files.list(cluster.workDir(NODE).resolve("attempts"))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(job.getId()))
          .findFirst()
          .orElseThrow()
          .resolve("run");
    }
  }

  private static boolean isRoot() throws IOException {
    return uid() == 0;
  }

  private static int uid() throws IOException {
    return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
  }

  private static Job submit(String script, Workload.Builder workload) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("hardening")
                        .setWorkload(
                            workload.setCommand("sh").clearArgs().addArgs("-c").addArgs(script)))
                .build())
        .getJob();
  }

  private static Job get(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private static Job awaitState(String id, JobState state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(id).getState() == state);
    return get(id);
  }
}
