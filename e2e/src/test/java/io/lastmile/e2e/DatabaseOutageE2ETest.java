package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stopped (fast shutdown, every connection cut) for longer than the lost-after period
 * while a job runs, and started again, with the control plane left alone: readiness goes down
 * within 5 s and comes back within 5 s, submissions during the outage are refused with UNAVAILABLE
 * and a retry hint and succeed again within 10 s of the return, the job whose workload ended during
 * the outage ends SUCCEEDED, and nothing ran twice or was declared lost. Each workload appends its
 * attempt id to a file of its own, the record the assertions trust.
 */
@Tag("fault")
class DatabaseOutageE2ETest {
  private static final Duration LOST_AFTER = Duration.ofSeconds(8);
  private static final Duration OUTAGE = Duration.ofSeconds(15);
  private static final java.util.Set<JobState> TERMINAL =
      java.util.EnumSet.of(
          JobState.JOB_STATE_SUCCEEDED, JobState.JOB_STATE_FAILED, JobState.JOB_STATE_CANCELLED);

  @TempDir Path work;

  @Test
  void theControlPlaneRidesOutADatabaseRestart() throws Exception {
    Path record = work.resolve("record.log");
    try (OwnPostgres pg = OwnPostgres.start();
        LocalCluster cluster = new LocalCluster(work.resolve("cluster"))) {
      cluster
          .startControlPlane(
              "-Dlastmile.store.jdbc-url=" + pg.url(),
              "-Dlastmile.node.lost-after=" + LOST_AFTER.toSeconds() + "s")
          .startAgent("edge-1", "de-fra", "1xL4:23034:72");
      ManagedChannel channel = cluster.channel();
      try {
        JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);
        String running =
            submit(jobs, "echo \"start $LASTMILE_ATTEMPT_ID\" >> %s; sleep 5".formatted(record))
                .getId();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> lines(record).contains("start " + running + "/1"));

        pg.stop();
        long stopped = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> cluster.readiness() == 503);
        System.out.printf("readiness down %d ms after the stop%n", millisSince(stopped));

        StatusRuntimeException refused = null;
        try {
          submit(jobs.withDeadlineAfter(15, TimeUnit.SECONDS), "true");
        } catch (StatusRuntimeException e) {
          refused = e;
        }
        assertThat(refused).as("a submission during the outage is refused").isNotNull();
        assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(StatusProto.fromThrowable(refused).getDetailsList())
            .anyMatch(d -> d.is(RetryInfo.class));
        assertThat(refused.getStatus().getDescription()).contains("retry");

        // The running job's workload ends while the database is away.
        long left = OUTAGE.toMillis() - millisSince(stopped);
        Thread.sleep(Math.max(0, left));
        assertThat(cluster.readiness()).isEqualTo(503);
        pg.restart();
        long back = System.nanoTime();

        String after =
            await()
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(
                    e ->
                        e instanceof StatusRuntimeException s
                            && s.getStatus().getCode() == Status.Code.UNAVAILABLE)
                .until(
                    () ->
                        submit(
                                jobs.withDeadlineAfter(3, TimeUnit.SECONDS),
                                "echo \"start $LASTMILE_ATTEMPT_ID\" >> " + record)
                            .getId(),
                    id -> true);
        System.out.printf("a submission succeeded %d ms after the return%n", millisSince(back));
        await()
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> cluster.readiness() == 200);
        System.out.printf("readiness up %d ms after the return%n", millisSince(back));

        for (String id : List.of(running, after)) {
          Job job =
              await()
                  .atMost(Duration.ofSeconds(30))
                  .pollInterval(Duration.ofMillis(200))
                  .until(() -> job(jobs, id), j -> TERMINAL.contains(j.getState()));
          assertThat(job.getState()).as(id).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
          assertThat(job.getAttemptCount()).as(id).isEqualTo(1);
        }
        assertThat(lines(record))
            .containsExactly("start " + running + "/1", "start " + after + "/1");
        // The agent kept its stream through the outage and was never taken for lost.
        String log = Files.readString(LocalCluster.log("control-plane"));
        assertThat(log.split("node edge-1 registered", -1)).hasSize(2);
        assertThat(cluster.connectedAgents()).isEqualTo(1);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static Job submit(JobServiceGrpc.JobServiceBlockingStub jobs, String script) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("outage")
                        .setResources(Resources.newBuilder().setGpuCount(1))
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(script)))
                .build())
        .getJob();
  }

  private static Job job(JobServiceGrpc.JobServiceBlockingStub jobs, String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readAllLines(file) : List.of();
  }
}
