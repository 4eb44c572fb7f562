package io.lastmile.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;

import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.CordonNodeRequest;
import io.lastmile.api.v1.DrainNodeRequest;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.WatchJobRequest;
import io.lastmile.controlplane.auth.AuthEnabledProfile;
import io.lastmile.controlplane.auth.GrpcAuthInterceptor;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens, tenants and roles over a real gRPC socket and real HTTP. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class TenantIsolationTest {
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void callWithoutTokenIsUnauthenticated() {
    assertThat(status(() -> JobServiceGrpc.newBlockingStub(channel).listJobs(all())))
        .satisfies(code(Status.Code.UNAUTHENTICATED, "no API token"));
    assertThat(status(() -> NodeServiceGrpc.newBlockingStub(channel).listNodes(allNodes())))
        .satisfies(code(Status.Code.UNAUTHENTICATED, "no API token"));
  }

  @Test
  void unknownOrMalformedTokenIsUnauthenticated() {
    assertThat(status(() -> jobs("lm_not-a-token").listJobs(all())))
        .satisfies(code(Status.Code.UNAUTHENTICATED, "not valid"));
    JobServiceGrpc.JobServiceBlockingStub basic =
        withHeader(JobServiceGrpc.newBlockingStub(channel), "Basic " + AuthEnabledProfile.ACME);
    assertThat(status(() -> basic.listJobs(all())))
        .satisfies(code(Status.Code.UNAUTHENTICATED, "not a bearer token"));
  }

  @Test
  void anotherTenantsJobIsNotFoundLikeAnUnknownOne() {
    Job mine = jobs(AuthEnabledProfile.ACME).submitJob(submit()).getJob();
    JobServiceGrpc.JobServiceBlockingStub other = jobs(AuthEnabledProfile.GLOBEX);
    String id = mine.getId();

    assertThat(status(() -> other.getJob(GetJobRequest.newBuilder().setJobId(id).build())))
        .satisfies(code(Status.Code.NOT_FOUND, "job " + id + " not found"));
    assertThat(status(() -> other.explainJob(ExplainJobRequest.newBuilder().setJobId(id).build())))
        .satisfies(code(Status.Code.NOT_FOUND, "job " + id + " not found"));
    assertThat(status(() -> other.cancelJob(CancelJobRequest.newBuilder().setJobId(id).build())))
        .satisfies(code(Status.Code.NOT_FOUND, "job " + id + " not found"));
    assertThat(
            status(
                () -> other.watchJob(WatchJobRequest.newBuilder().setJobId(id).build()).hasNext()))
        .satisfies(code(Status.Code.NOT_FOUND, "job " + id + " not found"));
    assertThat(other.listJobs(all()).getJobsList()).extracting(Job::getId).doesNotContain(id);

    // Nothing changed: the owner still sees its job, uncancelled.
    Job again =
        jobs(AuthEnabledProfile.ACME)
            .getJob(GetJobRequest.newBuilder().setJobId(id).build())
            .getJob();
    assertThat(again.getState()).isNotEqualTo(io.lastmile.api.v1.JobState.JOB_STATE_CANCELLED);
    assertThat(jobs(AuthEnabledProfile.ACME).listJobs(all()).getJobsList())
        .extracting(Job::getId)
        .contains(id);
  }

  @Test
  void operatorSeesEveryTenantsJobs() {
    String acme = jobs(AuthEnabledProfile.ACME).submitJob(submit()).getJob().getId();
    String globex = jobs(AuthEnabledProfile.GLOBEX).submitJob(submit()).getJob().getId();

    assertThat(jobs(AuthEnabledProfile.OPERATOR).listJobs(all()).getJobsList())
        .extracting(Job::getId)
        .contains(acme, globex);
    assertThat(
            jobs(AuthEnabledProfile.OPERATOR)
                .getJob(GetJobRequest.newBuilder().setJobId(globex).build())
                .getJob()
                .getId())
        .isEqualTo(globex);
  }

  @Test
  void requestIdOfAnotherTenantIsRefusedWithoutNamingItsJob() {
    SubmitJobRequest request = submit();
    String id = jobs(AuthEnabledProfile.ACME).submitJob(request).getJob().getId();

    StatusRuntimeException refused =
        status(() -> jobs(AuthEnabledProfile.GLOBEX).submitJob(request));

    assertThat(refused).satisfies(code(Status.Code.ALREADY_EXISTS, "already in use"));
    assertThat(refused.getStatus().getDescription()).doesNotContain(id);
  }

  @Test
  void nodeOperationsNeedTheOperatorRole() {
    NodeServiceGrpc.NodeServiceBlockingStub tenant =
        withHeader(NodeServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.ACME);
    NodeServiceGrpc.NodeServiceBlockingStub operator =
        withHeader(
            NodeServiceGrpc.newBlockingStub(channel), "Bearer " + AuthEnabledProfile.OPERATOR);

    assertThat(status(() -> tenant.cordonNode(cordon("edge-x"))))
        .satisfies(code(Status.Code.PERMISSION_DENIED, "CordonNode needs the operator role"));
    assertThat(
            status(
                () -> tenant.drainNode(DrainNodeRequest.newBuilder().setNodeId("edge-x").build())))
        .satisfies(code(Status.Code.PERMISSION_DENIED, "DrainNode needs the operator role"));
    // Tenants may read nodes; an operator passes the role check and meets the unknown node.
    assertThat(tenant.listNodes(allNodes())).isNotNull();
    assertThat(status(() -> operator.cordonNode(cordon("edge-x"))))
        .satisfies(code(Status.Code.NOT_FOUND, "edge-x"));
  }

  @Test
  void restApiAppliesTheSameRules() {
    String id = jobs(AuthEnabledProfile.ACME).submitJob(submit()).getJob().getId();

    given().get("/api/v1/jobs").then().statusCode(401).body(containsString("no API token"));
    given().header("Authorization", "Bearer lm_wrong").get("/api/v1/nodes").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.GLOBEX)
        .get("/api/v1/jobs/" + id)
        .then()
        .statusCode(404)
        .body(containsString("job " + id + " not found"));
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.GLOBEX)
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .body(org.hamcrest.Matchers.not(containsString(id)));
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.GLOBEX)
        .get("/api/v1/jobs/page?q=" + id)
        .then()
        .statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(0))
        .body("all", org.hamcrest.Matchers.equalTo(0));
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.GLOBEX)
        .get("/api/v1/jobs/" + id + "/detail")
        .then()
        .statusCode(404);
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.ACME)
        .get("/api/v1/jobs/page?q=" + id)
        .then()
        .statusCode(200)
        .body("total", org.hamcrest.Matchers.equalTo(1));
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.ACME)
        .get("/api/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body(containsString(id));
    given()
        .header("Authorization", "Bearer " + AuthEnabledProfile.OPERATOR)
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .body(containsString(id));
  }

  private JobServiceGrpc.JobServiceBlockingStub jobs(String token) {
    return withHeader(JobServiceGrpc.newBlockingStub(channel), "Bearer " + token);
  }

  /** Sends {@code authorization: value} with every call of the stub. */
  static <S extends AbstractStub<S>> S withHeader(S stub, String value) {
    return stub.withCallCredentials(
        new CallCredentials() {
          @Override
          public void applyRequestMetadata(
              RequestInfo info, Executor executor, MetadataApplier applier) {
            Metadata headers = new Metadata();
            headers.put(GrpcAuthInterceptor.AUTHORIZATION, value);
            applier.apply(headers);
          }
        });
  }

  private static StatusRuntimeException status(Runnable call) {
    return catchThrowableOfType(call::run, StatusRuntimeException.class);
  }

  private static Consumer<StatusRuntimeException> code(Status.Code code, String text) {
    return e -> {
      assertThat(e).as("expected %s", code).isNotNull();
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(text);
    };
  }

  private static ListJobsRequest all() {
    return ListJobsRequest.newBuilder().setPageSize(1000).build();
  }

  private static ListNodesRequest allNodes() {
    return ListNodesRequest.getDefaultInstance();
  }

  private static CordonNodeRequest cordon(String node) {
    return CordonNodeRequest.newBuilder().setNodeId(node).build();
  }

  private static SubmitJobRequest submit() {
    return SubmitJobValidationTest.valid();
  }
}
