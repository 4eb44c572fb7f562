package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition that keeps the agent's stream open: the agent is frozen (SIGSTOP) past the lost-after
 * period while its workload runs on, the job is re-queued and runs on the other node, and when the
 * agent runs again on its old stream it is told to stop the fenced copy, which stops within 5 s.
 * Each workload records its own start and stop in a file, independently of the control plane.
 */
@Tag("fault")
class PartitionE2ETest {
  private static final Duration LOST_AFTER = Duration.ofSeconds(4);

  @TempDir Path work;
  LocalCluster cluster;
  ManagedChannel channel;
  JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeEach
  void start() {
    cluster =
        new LocalCluster(work)
            .startControlPlane("-Dlastmile.node.lost-after=" + LOST_AFTER.toSeconds() + "s")
            .startAgent("edge-1", "de-fra", "1xL4:23034:72")
            .startAgent("edge-2", "de-fra", "1xL4:23034:72");
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    cluster.close();
  }

  @Test
  void aFrozenAgentBackOnItsOldStreamStopsTheCopyThatWasRequeued() throws Exception {
    Path record = work.resolve("record.log");
    String script =
        ("echo \"start $LASTMILE_ATTEMPT_ID $$\" >> %1$s;"
                + " trap 'echo \"stop $LASTMILE_ATTEMPT_ID\" >> %1$s; exit 143' TERM;"
                + " sleep 60 & wait")
            .formatted(record);
    Job job = submit(script);
    Job first = awaitJob(job.getId(), j -> j.getState() == JobState.JOB_STATE_RUNNING);
    String frozen = first.getNodeId();
    String firstAttempt = job.getId() + "/1";
    await()
        .until(() -> lines(record).stream().anyMatch(l -> l.startsWith("start " + firstAttempt)));

    cluster.freezeAgent(frozen);
    try {
      Job moved =
          awaitJob(
              job.getId(),
              j ->
                  j.getState() == JobState.JOB_STATE_RUNNING
                      && !j.getNodeId().equals(frozen)
                      && j.getAttemptCount() == 2);
      String secondAttempt = job.getId() + "/2";
      await()
          .until(
              () -> lines(record).stream().anyMatch(l -> l.startsWith("start " + secondAttempt)));
      // The frozen agent's workload ran on all along: the copy the control plane fenced.
      assertThat(lines(record)).noneMatch(l -> l.startsWith("stop "));
      assertThat(moved.getNodeId()).isNotEqualTo(frozen);
    } finally {
      cluster.thawAgent(frozen);
    }
    long thawed = System.nanoTime();

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> lines(record).contains("stop " + firstAttempt));
    long stoppedAfterMs = (System.nanoTime() - thawed) / 1_000_000;
    System.out.printf("fenced copy stopped %d ms after its agent ran again%n", stoppedAfterMs);

    // It was the old stream: the agent did not register again.
    String controlPlaneLog = Files.readString(LocalCluster.log("control-plane"));
    assertThat(controlPlaneLog.split("node " + frozen + " registered", -1)).hasSize(2);
    assertThat(controlPlaneLog)
        .contains("node " + frozen + ": stopping fenced attempt " + firstAttempt);
    // The new copy runs on, alone.
    Job now = jobs.getJob(GetJobRequest.newBuilder().setJobId(job.getId()).build()).getJob();
    assertThat(now.getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
    assertThat(lines(record)).doesNotContain("stop " + job.getId() + "/2");

    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).setReason("done").build());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> lines(record).contains("stop " + job.getId() + "/2"));
  }

  private Job submit(String script) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("partition")
                        .setMaxAttempts(3)
                        .setResources(Resources.newBuilder().setGpuCount(1))
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(script)))
                .build())
        .getJob();
  }

  private Job awaitJob(String id, java.util.function.Predicate<Job> until) {
    return await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob(),
            until::test);
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
