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
import io.lastmile.api.v1.OnDisconnect;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network partition between an agent and the control plane, with the agent running on: the link
 * stalls (the stream stays open, nothing moves) or breaks (the connection is cut and dialling
 * fails), for longer than the lost-after period, while the agent runs a job. Each workload writes
 * its start and stop, with the time in nanoseconds, to a file of its own: the record that shows
 * whether two copies ever ran at once.
 */
@Tag("fault")
class LinkPartitionE2ETest {
  private static final Duration LOST_AFTER = Duration.ofSeconds(6);

  /** For an agent restarted while cut off: long enough for its JVM to start on a busy machine. */
  private static final Duration LONG_LOST_AFTER = Duration.ofSeconds(20);

  @TempDir Path work;
  LocalCluster cluster;
  LinkProxy link;
  ManagedChannel channel;
  JobServiceGrpc.JobServiceBlockingStub jobs;
  Path record;

  @BeforeEach
  void start(org.junit.jupiter.api.TestInfo test) throws Exception {
    record = work.resolve("record.log");
    Duration lostAfter = test.getTags().contains("long-lease") ? LONG_LOST_AFTER : LOST_AFTER;
    cluster =
        new LocalCluster(work.resolve("cluster"))
            .startControlPlane("-Dlastmile.node.lost-after=" + lostAfter.toSeconds() + "s");
    link = new LinkProxy(cluster.grpcPort());
    cluster.startAgent(
        "edge-far", "de-fra", "1xL4:23034:72", "-Dlastmile.agent.control-plane=" + link.address());
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    cluster.close();
    link.close();
  }

  @Test
  void aStalledLinkStopsTheCopyBeforeTheJobRunsElsewhere() throws Exception {
    partitionAndCheckOneCopyAtATime(link::stall);
  }

  @Test
  void aBrokenLinkStopsTheCopyBeforeTheJobRunsElsewhere() throws Exception {
    partitionAndCheckOneCopyAtATime(link::cut);
  }

  /**
   * The agent is killed and started again while the link is down: it takes up the lease it had from
   * its work directory and stops the copy it re-adopts in time, although no control plane ever
   * answers it.
   */
  @Test
  @Tag("long-lease")
  void anAgentRestartedWhileCutOffStillStopsTheCopyBeforeTheJobRunsElsewhere() throws Exception {
    partitionAndCheckOneCopyAtATime(
        () -> {
          link.cut();
          try {
            cluster.killAgent("edge-far");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          cluster.restartAgentCutOff("edge-far");
        });
    assertThat(logOf("edge-far")).contains("re-adopting attempt", "was last renewed");
  }

  private void partitionAndCheckOneCopyAtATime(Runnable partition) throws Exception {
    String job = submit(OnDisconnect.ON_DISCONNECT_UNSPECIFIED);
    await().atMost(Duration.ofSeconds(30)).until(() -> started(job + "/1").isPresent());
    cluster.startAgent("edge-near", "de-fra", "1xL4:23034:72");

    partition.run();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> started(job + "/2").isPresent());
    long firstStopped =
        stopped(job + "/1").orElseThrow(() -> new AssertionError(lines() + "\n" + sessionLog()));
    long secondStarted = started(job + "/2").orElseThrow();
    System.out.printf(
        "first copy stopped %d ms before the second started%n",
        (secondStarted - firstStopped) / 1_000_000);
    assertThat(firstStopped).as(lines() + "\n" + sessionLog()).isLessThan(secondStarted);

    link.heal();
    Thread.sleep(3_000); // what the stalled link held reaches both sides
    Job now = job(job);
    assertThat(now.getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
    assertThat(now.getNodeId()).isEqualTo("edge-near");
    assertThat(now.getAttemptCount()).isEqualTo(2);
    assertThat(logOf("edge-far")).contains("no answer from the control plane");
    cancel(job);
  }

  @Test
  void aJobThatKeepsRunningOnDisconnectRunsOnAndIsFencedWhenTheLinkHeals() throws Exception {
    String job = submit(OnDisconnect.ON_DISCONNECT_KEEP);
    await().atMost(Duration.ofSeconds(30)).until(() -> started(job + "/1").isPresent());
    cluster.startAgent("edge-near", "de-fra", "1xL4:23034:72");

    link.stall();
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> started(job + "/2").isPresent());
    // It opted in to duplicates: the first copy ran on through the partition.
    assertThat(stopped(job + "/1")).isEmpty();

    link.heal();
    long healed = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> stopped(job + "/1").isPresent());
    System.out.printf(
        "kept copy stopped %d ms after the link healed%n",
        (System.nanoTime() - healed) / 1_000_000);
    assertThat(job(job).getAttemptCount()).isEqualTo(2);
    assertThat(stopped(job + "/2")).isEmpty();
    cancel(job);
  }

  private String submit(OnDisconnect onDisconnect) {
    String script =
        ("echo \"start $LASTMILE_ATTEMPT_ID $(date +%%s%%N)\" >> %1$s;"
                + " trap 'echo \"stop $LASTMILE_ATTEMPT_ID $(date +%%s%%N)\" >> %1$s; exit 143'"
                + " TERM; sleep 120 & wait")
            .formatted(record);
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("link-partition")
                        .setMaxAttempts(3)
                        .setOnDisconnect(onDisconnect)
                        .setResources(Resources.newBuilder().setGpuCount(1))
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(script)))
                .build())
        .getJob()
        .getId();
  }

  private Job job(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private void cancel(String id) {
    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(id).setReason("done").build());
  }

  private Optional<Long> started(String attemptId) {
    return at("start " + attemptId + " ");
  }

  private Optional<Long> stopped(String attemptId) {
    return at("stop " + attemptId + " ");
  }

  private Optional<Long> at(String prefix) {
    return lines().stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> Long.parseLong(l.substring(prefix.length()).strip()))
        .findFirst();
  }

  /**
   * The record's complete lines: a workload may be halfway through writing one when it is read, and
   * a line cut short would give a wrong time.
   */
  private List<String> lines() {
    try {
      if (!Files.exists(record)) {
        return List.of();
      }
      String text = Files.readString(record);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What the partitioned agent logged of its session and attempts: why it stopped when. */
  private static String sessionLog() {
    return logOf("edge-far")
        .lines()
        .filter(l -> l.contains("ControlPlaneSession") || l.contains("AttemptRunner"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static String logOf(String node) {
    try {
      return Files.readString(LocalCluster.log(node));
    } catch (java.io.IOException e) {
      return "";
    }
  }
}
