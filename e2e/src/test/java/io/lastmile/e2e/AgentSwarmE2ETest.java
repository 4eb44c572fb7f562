package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.lastmile.agent.runtime.AttemptPhase;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.Node;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.NodeState;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import io.lastmile.bench.swarm.AgentSwarm;
import io.lastmile.bench.swarm.SwarmOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of 300 hollow agents (the bench module's swarm: node-agent's session code, real TCP
 * streams, no processes) against the packaged control plane, with a thousand short jobs submitted
 * over JobService: every job succeeds with exactly one attempt, no attempt runs twice, and no node
 * is ever taken for not ready. Heartbeat grace and lost-after are generous, so a loaded machine
 * slows the test down without failing it.
 */
class AgentSwarmE2ETest {
  private static final int AGENTS = 300;
  private static final int JOBS = 1_000;

  @TempDir Path work;

  @Test
  void everyJobOfAThousandSucceedsOnceOnAFleetOf300AgentsThatStaysReady() throws Exception {
    try (LocalCluster cluster =
            new LocalCluster(work)
                .startControlPlane(
                    "-Dlastmile.node.heartbeat-interval=1s",
                    "-Dlastmile.node.heartbeat-grace=30s",
                    "-Dlastmile.node.lost-after=120s");
        AgentSwarm swarm =
            AgentSwarm.start(
                SwarmOptions.parse(
                    "--control-plane=" + cluster.grpcAddress(),
                    "--http=" + cluster.httpBase(),
                    "--agents=" + AGENTS,
                    "--streams-per-channel=30",
                    "--gpus=2xL4:23034:72/1xA100-80GB:81920:300",
                    "--run-time=100ms..500ms",
                    "--threads=4",
                    "--seed=7"))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> swarm.registered() == AGENTS);
      assertThat(swarm.refusals()).isEmpty();
      ManagedChannel channel = cluster.channel();
      NodeServiceGrpc.NodeServiceBlockingStub nodes = NodeServiceGrpc.newBlockingStub(channel);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> notReady(nodes).isEmpty() && listSwarm(nodes).size() == AGENTS);
      Set<String> everNotReady = ConcurrentHashMap.newKeySet();
      ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
      watcher.scheduleWithFixedDelay(
          () -> {
            try {
              everNotReady.addAll(notReady(nodes));
            } catch (RuntimeException e) {
              // a slow answer on a loaded machine: the next look tells
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
      try {
        List<String> jobIds = submitJobs(JobServiceGrpc.newBlockingStub(channel));
        JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);

        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> swarm.runs().ended(AttemptPhase.SUCCEEDED) >= JOBS);
        Map<String, Set<String>> attemptsByJob = swarm.runs().attemptsByJob();
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofSeconds(1))
            .untilAsserted(
                () -> {
                  for (String id : jobIds) {
                    assertThat(get(jobs, id).getState())
                        .as("job %s", id)
                        .isEqualTo(JobState.JOB_STATE_SUCCEEDED);
                  }
                });
        for (String id : jobIds) {
          Job job = get(jobs, id);
          assertThat(job.getAttemptCount()).as("attempts of job %s", id).isEqualTo(1);
          assertThat(attemptsByJob.get(id))
              .as("attempts run of job %s", id)
              .containsExactly(job.getAttemptId());
        }
        assertThat(attemptsByJob).hasSize(JOBS);
        assertThat(swarm.runs().startedMoreThanOnce()).isEmpty();
        assertThat(swarm.runs().attemptsStarted()).isEqualTo(JOBS);
        assertThat(swarm.runs().ended(AttemptPhase.FAILED)).isZero();
        assertThat(swarm.runs().ended(AttemptPhase.CANCELLED)).isZero();
        assertThat(swarm.runs().stoppedForLostLease()).isZero();
      } finally {
        watcher.shutdownNow();
        watcher.awaitTermination(10, TimeUnit.SECONDS);
      }
      everNotReady.addAll(notReady(nodes));
      assertThat(everNotReady).as("nodes seen not ready or disconnected").isEmpty();
      assertThat(listSwarm(nodes)).hasSize(AGENTS);
      assertThat(swarm.registered()).isEqualTo(AGENTS);
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<String> submitJobs(JobServiceGrpc.JobServiceBlockingStub jobs) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < JOBS; i++) {
      ids.add(
          jobs.withDeadlineAfter(30, TimeUnit.SECONDS)
              .submitJob(
                  SubmitJobRequest.newBuilder()
                      .setRequestId("swarm-job-" + i)
                      .setSpec(
                          JobSpec.newBuilder()
                              .setName("swarm-" + i)
                              .setWorkload(Workload.newBuilder().setCommand("true"))
                              .setResources(Resources.newBuilder().setGpuCount(1)))
                      .build())
              .getJob()
              .getId());
    }
    return ids;
  }

  private static Job get(JobServiceGrpc.JobServiceBlockingStub jobs, String id) {
    return jobs.withDeadlineAfter(30, TimeUnit.SECONDS)
        .getJob(GetJobRequest.newBuilder().setJobId(id).build())
        .getJob();
  }

  private static List<Node> listSwarm(NodeServiceGrpc.NodeServiceBlockingStub nodes) {
    return nodes
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .listNodes(ListNodesRequest.getDefaultInstance())
        .getNodesList()
        .stream()
        .filter(n -> n.getId().startsWith("swarm-"))
        .toList();
  }

  /** The swarm's nodes that are not ready or not connected now. */
  private static List<String> notReady(NodeServiceGrpc.NodeServiceBlockingStub nodes) {
    return listSwarm(nodes).stream()
        .filter(n -> n.getState() != NodeState.NODE_STATE_READY || !n.getConnected())
        .map(n -> n.getId() + " " + n.getState() + (n.getConnected() ? "" : " disconnected"))
        .toList();
  }
}
