package io.lastmile.controlplane.api;

import static io.lastmile.controlplane.api.TenantIsolationTest.withHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.CreateEnrolmentTokenRequest;
import io.lastmile.api.v1.EnrollRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.Node;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.RevokeNodeCredentialRequest;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.auth.ApiTokens;
import io.lastmile.controlplane.auth.AuthEnabledProfile;
import io.lastmile.controlplane.config.LastmileConfig;
import io.lastmile.controlplane.store.Database;
import io.lastmile.controlplane.store.JdbcNodeCredentialStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent enrolment and node credentials over a real gRPC socket. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class AgentEnrolmentTest {
  @Inject Database db;
  @Inject LastmileConfig config;
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    channel = GrpcTestClient.channel();
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void streamWithoutOrWithWrongCredentialIsUnauthenticated() throws Exception {
    try (AgentStream none = new AgentStream(channel, null).register("edge-nocred");
        AgentStream wrong = new AgentStream(channel, "lmn_not-a-credential").register("edge-bad")) {
      assertThat(none.end()).satisfies(status(Status.Code.UNAUTHENTICATED, "no node credential"));
      assertThat(wrong.end())
          .satisfies(status(Status.Code.UNAUTHENTICATED, "node credential is not valid"));
    }
    assertThat(nodeIds()).doesNotContain("edge-nocred", "edge-bad");
  }

  @Test
  void enrolmentTokensAreForOperatorsOnly() {
    NodeServiceGrpc.NodeServiceBlockingStub tenant =
        withHeader(NodeServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.ACME);
    NodeServiceGrpc.NodeServiceBlockingStub nobody = NodeServiceGrpc.newBlockingStub(channel);

    assertThat(refused(() -> tenant.createEnrolmentToken(token(""))))
        .satisfies(grpc(Status.Code.PERMISSION_DENIED, "needs the operator role"));
    assertThat(refused(() -> nobody.createEnrolmentToken(token(""))))
        .satisfies(grpc(Status.Code.UNAUTHENTICATED, "no API token"));
    assertThat(refused(() -> tenant.revokeNodeCredential(revoke("edge-x"))))
        .satisfies(grpc(Status.Code.PERMISSION_DENIED, "needs the operator role"));
  }

  @Test
  void enrolledNodeConnectsAndItsTokenCannotBeUsedAgain() throws Exception {
    String token = operator().createEnrolmentToken(token("")).getToken();

    String credential = enroll(token, "edge-enrolled");
    StatusRuntimeException reused = refused(() -> enroll(token, "edge-other"));

    try (AgentStream agent = new AgentStream(channel, credential).register("edge-enrolled")) {
      assertThat(agent.next().hasRegistered()).isTrue();
    }
    assertThat(credential).startsWith("lmn_");
    assertThat(reused).satisfies(grpc(Status.Code.UNAUTHENTICATED, "already used"));
    assertThat(nodeIds()).contains("edge-enrolled").doesNotContain("edge-other");
  }

  @Test
  void expiredOrUnknownTokenIsRefused() {
    String expired = ApiTokens.newSecret("lme_");
    Instant past = Instant.now().minusSeconds(3600);
    new JdbcNodeCredentialStore(db, config.store().region())
        .addToken(ApiTokens.sha256(expired), "", "test", past, past.plusSeconds(900));

    assertThat(refused(() -> enroll(expired, "edge-late")))
        .satisfies(grpc(Status.Code.UNAUTHENTICATED, "the enrolment token expired at"));
    assertThat(refused(() -> enroll("lme_made-up", "edge-late")))
        .satisfies(grpc(Status.Code.UNAUTHENTICATED, "the enrolment token is not valid"));
    assertThat(refused(() -> operator().createEnrolmentToken(ttl(0, 30))))
        .satisfies(grpc(Status.Code.INVALID_ARGUMENT, "ttl: must be from 1 minute to 7 days"));
  }

  @Test
  void tokenForOneNodeCannotEnrolAnother() {
    String token = operator().createEnrolmentToken(token("edge-meant")).getToken();

    assertThat(refused(() -> enroll(token, "edge-intruder")))
        .satisfies(
            grpc(Status.Code.PERMISSION_DENIED, "the enrolment token is for node edge-meant"));
    // The refusal did not use the token up.
    assertThat(enroll(token, "edge-meant")).startsWith("lmn_");
  }

  @Test
  void credentialOfOneNodeCannotRegisterAnother() throws Exception {
    String credential = enroll(newToken(), "edge-honest");

    try (AgentStream agent = new AgentStream(channel, credential).register("edge-victim")) {
      assertThat(agent.end())
          .satisfies(
              status(
                  Status.Code.PERMISSION_DENIED,
                  "the credential of node edge-honest cannot register node edge-victim"));
    }
    assertThat(nodeIds()).doesNotContain("edge-victim");
  }

  @Test
  void nodeCannotReportAnotherNodesAttempt() throws Exception {
    String credentialA = enroll(newToken(), "edge-owner");
    String credentialB = enroll(newToken(), "edge-meddler");
    try (AgentStream a = new AgentStream(channel, credentialA).register("edge-owner");
        AgentStream b = new AgentStream(channel, credentialB).register("edge-meddler")) {
      assertThat(a.next().hasRegistered()).isTrue();
      assertThat(b.next().hasRegistered()).isTrue();
      String jobId = submitTo("edge-owner");
      Assign assign = a.nextAssign();

      b.succeeded(jobId, assign.getAttemptId(), assign.getEpoch());

      assertThat(b.end())
          .satisfies(
              status(
                  Status.Code.PERMISSION_DENIED,
                  "attempt %s is assigned to node edge-owner, not edge-meddler"
                      .formatted(assign.getAttemptId())));
      assertThat(jobState(jobId)).isIn(JobState.JOB_STATE_SCHEDULED, JobState.JOB_STATE_RUNNING);
      a.succeeded(jobId, assign.getAttemptId(), assign.getEpoch());
      await()
          .untilAsserted(() -> assertThat(jobState(jobId)).isEqualTo(JobState.JOB_STATE_SUCCEEDED));
    }
  }

  @Test
  void revokedCredentialClosesTheStreamAndCannotConnectAgain() throws Exception {
    String credential = enroll(newToken(), "edge-revoked");
    try (AgentStream agent = new AgentStream(channel, credential).register("edge-revoked")) {
      assertThat(agent.next().hasRegistered()).isTrue();

      boolean closed = operator().revokeNodeCredential(revoke("edge-revoked")).getStreamClosed();

      assertThat(closed).isTrue();
      assertThat(agent.end())
          .satisfies(status(Status.Code.UNAUTHENTICATED, "node edge-revoked was revoked"));
    }
    try (AgentStream again = new AgentStream(channel, credential).register("edge-revoked")) {
      assertThat(again.end())
          .satisfies(
              status(
                  Status.Code.UNAUTHENTICATED,
                  "lastmile nodes enroll-token --node-id edge-revoked"));
    }
    assertThat(refused(() -> operator().revokeNodeCredential(revoke("edge-never"))))
        .satisfies(grpc(Status.Code.NOT_FOUND, "credential of node edge-never not found"));
  }

  private String submitTo(String nodeId) {
    SubmitJobRequest valid = SubmitJobValidationTest.valid();
    SubmitJobRequest request =
        valid.toBuilder()
            .setSpec(
                valid.getSpec().toBuilder()
                    .setPlacement(Placement.newBuilder().putLabelSelector("node", nodeId)))
            .build();
    return jobs().submitJob(request).getJob().getId();
  }

  private JobState jobState(String jobId) {
    return jobs().getJob(GetJobRequest.newBuilder().setJobId(jobId).build()).getJob().getState();
  }

  private String newToken() {
    return operator().createEnrolmentToken(token("")).getToken();
  }

  private String enroll(String token, String nodeId) {
    return AgentServiceGrpc.newBlockingStub(channel)
        .enroll(EnrollRequest.newBuilder().setEnrolmentToken(token).setNodeId(nodeId).build())
        .getCredential();
  }

  private java.util.List<String> nodeIds() {
    return operator().listNodes(ListNodesRequest.getDefaultInstance()).getNodesList().stream()
        .map(Node::getId)
        .toList();
  }

  private NodeServiceGrpc.NodeServiceBlockingStub operator() {
    return withHeader(
        NodeServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.OPERATOR);
  }

  private JobServiceGrpc.JobServiceBlockingStub jobs() {
    return withHeader(
        JobServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.OPERATOR);
  }

  private static CreateEnrolmentTokenRequest token(String nodeId) {
    return CreateEnrolmentTokenRequest.newBuilder().setNodeId(nodeId).build();
  }

  private static CreateEnrolmentTokenRequest ttl(long seconds, int nanos) {
    return CreateEnrolmentTokenRequest.newBuilder()
        .setTtl(Duration.newBuilder().setSeconds(seconds).setNanos(nanos))
        .build();
  }

  private static RevokeNodeCredentialRequest revoke(String nodeId) {
    return RevokeNodeCredentialRequest.newBuilder().setNodeId(nodeId).build();
  }

  private static StatusRuntimeException refused(Runnable call) {
    return catchThrowableOfType(call::run, StatusRuntimeException.class);
  }

  private static Consumer<StatusRuntimeException> grpc(Status.Code code, String text) {
    return e -> {
      assertThat(e).as("expected %s", code).isNotNull();
      assertThat(e.getStatus()).satisfies(status(code, text));
    };
  }

  private static Consumer<Status> status(Status.Code code, String text) {
    return s -> {
      assertThat(s.getCode()).as(s.toString()).isEqualTo(code);
      assertThat(s.getDescription()).contains(text);
    };
  }
}
