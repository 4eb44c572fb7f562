package io.lastmile.controlplane.api;

import static io.lastmile.controlplane.api.TenantIsolationTest.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.CreateEnrolmentTokenRequest;
import io.lastmile.api.v1.EnrollRequest;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Gpu;
import io.lastmile.api.v1.Heartbeat;
import io.lastmile.api.v1.InventorySource;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.Node;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Register;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.auth.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the control plane does with what an agent reports, over a real socket: the agent version,
 * GPUs in MIG mode, GPU memory in use, running attempts' energy and the last output of an attempt.
 */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class AgentTelemetryTest {
  private static final String NODE = "edge-telemetry";
  private ManagedChannel channel;
  private JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeEach
  void connect() {
    channel = GrpcTestClient.channel();
    jobs =
        withHeader(
            JobServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.OPERATOR);
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void reportsOfAnAgentReachTheNodeAndTheJob() throws Exception {
    try (AgentStream agent = new AgentStream(channel, credential()).send(register())) {
      assertThat(agent.next().hasRegistered()).isTrue();
      assertThat(node())
          .satisfies(
              n -> {
                assertThat(n.getAgentVersion()).isEqualTo("0.9.1-test");
                assertThat(n.getGpuTotal()).as("the GPU in MIG mode is not schedulable").isOne();
              });

      // Something outside Lastmile holds 20,000 MiB of GPU 0: a job that needs 8,000 must wait.
      agent.send(heartbeat(1, 20_000));
      String jobId = jobs.submitJob(needingGpuMemory(8_000)).getJob().getId();
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          jobs.explainJob(ExplainJobRequest.newBuilder().setJobId(jobId).build())
                              .getRejectionsList())
                      .anySatisfy(
                          r -> {
                            assertThat(r.getReason()).isEqualTo("GPU_MEMORY_TOO_SMALL");
                            assertThat(r.getDetail()).contains("3034 MiB");
                          }));
      assertThat(job(jobId).getState()).isEqualTo(JobState.JOB_STATE_PENDING);

      // The memory is freed: the next heartbeat says so and the job is placed.
      agent.send(heartbeat(2, 0));
      Assign assign = agent.nextAssign();
      assertThat(assign.getJobId()).isEqualTo(jobId);
      agent.send(status(assign, AttemptState.ATTEMPT_STATE_RUNNING, 0, ""));
      agent.send(
          AgentMessage.newBuilder()
              .setHeartbeat(
                  Heartbeat.newBuilder()
                      .setSequence(3)
                      .putAttemptEnergyWh(assign.getAttemptId(), 2.5)
                      .putAttemptEnergyWh("job-of-someone-else/1", 99))
              .build());

      await()
          .untilAsserted(
              () ->
                  assertThat(job(jobId))
                      .satisfies(
                          j -> {
                            assertThat(j.getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
                            assertThat(j.getEnergyWh()).isEqualTo(2.5);
                            assertThat(j.getCost()).isPositive();
                            assertThat(j.getCurrency()).isEqualTo("EUR");
                          }));
      assertThat(listed(jobId).getEnergyWh()).isEqualTo(2.5);

      // It ends; its output is kept, cut to the last 4 KiB, without the NUL PostgreSQL refuses.
      String output = "x".repeat(5_000) + "\0" + "done\n";
      agent.send(status(assign, AttemptState.ATTEMPT_STATE_SUCCEEDED, 3.0, output));
      await()
          .untilAsserted(
              () -> assertThat(job(jobId).getState()).isEqualTo(JobState.JOB_STATE_SUCCEEDED));
      Job done = job(jobId);
      assertThat(done.getEnergyWh()).isEqualTo(3.0);
      assertThat(done.getLogTail()).hasSize(4_096).endsWith("xxdone\n").doesNotContain("\0");
    }
  }

  private static AgentMessage register() {
    Gpu.Builder l4 = Gpu.newBuilder().setModel("NVIDIA L4").setMemoryTotalMib(23_034);
    return AgentMessage.newBuilder()
        .setRegister(
            Register.newBuilder()
                .setNodeId(NODE)
                .setRegion("sg-sin")
                .setAgentVersion("0.9.1-test")
                .putLabels("node", NODE)
                .setInventorySource(InventorySource.INVENTORY_SOURCE_SIMULATED)
                .addGpus(l4.clone().setIndex(0).setUuid("GPU-t0"))
                .addGpus(l4.clone().setIndex(1).setUuid("GPU-t1").setMigEnabled(true)))
        .build();
  }

  private static AgentMessage heartbeat(long sequence, long gpu0UsedMiB) {
    return AgentMessage.newBuilder()
        .setHeartbeat(
            Heartbeat.newBuilder()
                .setSequence(sequence)
                .addGpus(
                    Gpu.newBuilder()
                        .setIndex(0)
                        .setMemoryTotalMib(23_034)
                        .setMemoryUsedMib(gpu0UsedMiB)
                        .setPowerDrawW(40))
                .addGpus(
                    Gpu.newBuilder().setIndex(1).setMemoryTotalMib(23_034).setMemoryUsedMib(0)))
        .build();
  }

  private static AgentMessage status(Assign a, AttemptState state, double wh, String logTail) {
    AttemptStatus.Builder s =
        AttemptStatus.newBuilder()
            .setAttemptId(a.getAttemptId())
            .setJobId(a.getJobId())
            .setEpoch(a.getEpoch())
            .setState(state)
            .setEnergyWh(wh)
            .setLogTail(logTail);
    if (state == AttemptState.ATTEMPT_STATE_SUCCEEDED) {
      s.setHasExitCode(true);
    }
    return AgentMessage.newBuilder().setAttemptStatus(s).build();
  }

  private static SubmitJobRequest needingGpuMemory(long mib) {
    SubmitJobRequest valid = SubmitJobValidationTest.valid();
    return valid.toBuilder()
        .setSpec(
            valid.getSpec().toBuilder()
                .setResources(Resources.newBuilder().setGpuCount(1).setGpuMemoryMib(mib))
                .setPlacement(
                    Placement.newBuilder()
                        .setOriginRegion("sg-sin")
                        .setMaxRtt(Duration.newBuilder().setNanos(50_000_000))
                        .putLabelSelector("node", NODE)))
        .build();
  }

  private Job job(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private Job listed(String id) {
    return jobs
        .listJobs(
            ListJobsRequest.newBuilder()
                .addStates(JobState.JOB_STATE_RUNNING)
                .setPageSize(1000)
                .build())
        .getJobsList()
        .stream()
        .filter(j -> j.getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private String credential() {
    String token =
        nodes().createEnrolmentToken(CreateEnrolmentTokenRequest.getDefaultInstance()).getToken();
    return AgentServiceGrpc.newBlockingStub(channel)
        .enroll(EnrollRequest.newBuilder().setEnrolmentToken(token).setNodeId(NODE).build())
        .getCredential();
  }

  private NodeServiceGrpc.NodeServiceBlockingStub nodes() {
    return withHeader(
        NodeServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.OPERATOR);
  }

  private Node node() {
    return nodes().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
        .filter(n -> n.getId().equals(NODE))
        .findFirst()
        .orElseThrow();
  }
}
