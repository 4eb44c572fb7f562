package io.lastmile.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.AgentMessage;
import io.lastmile.api.v1.AgentServiceGrpc;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.controlplane.ha.LeaderPodLabel;
import io.lastmile.controlplane.ha.Leadership;
import io.lastmile.controlplane.ha.Replica;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A control plane started with leader election on while another replica holds the Lease: it
 * follows, so it refuses agents and writes with UNAVAILABLE naming the leader; it is Ready (the
 * Services select the leader by its pod label), and when it takes over it labels its own pod.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@TestProfile(FollowerTest.LeaderElectionOn.class)
@WithKubernetesTestServer(crud = true, setup = FollowerTest.HeldByAnotherReplica.class)
class FollowerTest {
  static final String LEADER = "replica-a";

  /** Leader election against the test API server, as replica-b. */
  public static class LeaderElectionOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "lastmile.leader-election.enabled", "true",
          "lastmile.leader-election.namespace", "lastmile",
          "lastmile.leader-election.identity", "replica-b",
          "lastmile.leader-election.lease-duration", "2s",
          "lastmile.leader-election.renew-deadline", "1500ms",
          "lastmile.leader-election.retry-period", "200ms",
          "quarkus.kubernetes-client.devservices.enabled", "false");
    }
  }

  /** Replica-a, a real elector that takes the Lease first and keeps renewing it. */
  public static class HeldByAnotherReplica implements Consumer<KubernetesServer> {
    static volatile Replica leader;

    @Override
    public void accept(KubernetesServer server) {
      for (String pod : List.of(LEADER, "replica-b")) {
        server
            .getClient()
            .pods()
            .inNamespace("lastmile")
            .resource(new PodBuilder().withNewMetadata().withName(pod).endMetadata().build())
            .create();
      }
      leader = new Replica(server.getClient(), LEADER, () -> {}).start();
      await().atMost(Duration.ofSeconds(10)).until(leader::leading);
    }
  }

  @AfterAll
  static void stopLeader() {
    HeldByAnotherReplica.leader.stopRenewing();
  }

  @Inject Leadership leadership;
  @Inject KubernetesClient kubernetes;
  ManagedChannel channel;

  @BeforeEach
  void connect() {
    // The elector reads the Lease shortly after start-up.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> leadership.isLeader() || LEADER.equals(leadership.holder()));
    channel = GrpcTestClient.channel();
  }

  @AfterEach
  void close() {
    channel.shutdownNow();
  }

  @Test
  @Order(1)
  void aFollowerRefusesAgentStreamsNamingTheLeader() throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<AgentMessage> requests =
        AgentServiceGrpc.newStub(channel)
            .connect(
                new StreamObserver<ControlMessage>() {
                  @Override
                  public void onNext(ControlMessage value) {
                    ended.completeExceptionally(new AssertionError("follower sent " + value));
                  }

                  @Override
                  public void onError(Throwable t) {
                    ended.complete(t);
                  }

                  @Override
                  public void onCompleted() {
                    ended.completeExceptionally(new AssertionError("stream completed"));
                  }
                });
    requests.onNext(AgentMessage.getDefaultInstance());

    Throwable error = ended.get(10, TimeUnit.SECONDS);
    Status status = Status.fromThrowable(error);
    assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(status.getDescription())
        .contains("replica-b is a follower", "the leader is " + LEADER);
  }

  @Test
  @Order(1)
  void aFollowerRefusesWritesNamingTheLeader() {
    Assertions.assertThatThrownBy(
            () ->
                GrpcTestClient.jobs(channel)
                    .cancelJob(CancelJobRequest.newBuilder().setJobId("any").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
              assertThat(e.getStatus().getDescription()).contains("the leader is " + LEADER);
            });
  }

  @Test
  @Order(1)
  void aFollowerIsLiveAndReadyForARolloutButUnlabelled() {
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'scheduling-loop' }.data.loop", equalTo("not_started"));
    given()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'recovery' }.data.phase", equalTo("awaiting_lead"));
    given()
        .get("/q/health/ready")
        .then()
        .body("checks.find { it.name == 'leadership' }.status", equalTo("UP"))
        .body("checks.find { it.name == 'leadership' }.data.role", equalTo("follower"))
        .body("checks.find { it.name == 'leadership' }.data.holder", equalTo(LEADER));
    assertThat(podLabels("replica-b")).doesNotContainKey(LeaderPodLabel.KEY);
  }

  private Map<String, String> podLabels(String name) {
    Map<String, String> labels =
        kubernetes.pods().inNamespace("lastmile").withName(name).get().getMetadata().getLabels();
    return labels == null ? Map.of() : labels;
  }

  @Test
  @Order(2)
  void whenTheLeaderStopsRenewingTheFollowerTakesOverAndBecomesReady() {
    HeldByAnotherReplica.leader.stopRenewing();

    await().atMost(Duration.ofSeconds(10)).until(leadership::isLeader);
    assertThat(leadership.holder()).isEqualTo("replica-b");
    assertThat(leadership.epoch()).isPositive();
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'leadership' }.data.role", equalTo("leader"))
        .body("checks.find { it.name == 'scheduler' }.data.loop", equalTo("running"));
    given()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'recovery' }.data.phase", equalTo("done"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> assertThat(podLabels("replica-b")).containsEntry(LeaderPodLabel.KEY, "true"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("lastmile_leader 1.0"))
        .body(containsString("lastmile_leader_epoch " + (double) leadership.epoch()));
    // The new leader writes: its epoch is the stored one.
    assertThat(
            GrpcTestClient.jobs(channel)
                .submitJob(SubmitJobValidationTest.valid())
                .getJob()
                .getId())
        .isNotBlank();
  }
}
