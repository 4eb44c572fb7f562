package io.lastmile.controlplane.api.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.CordonNodeRequest;
import io.lastmile.api.v1.DrainNodeRequest;
import io.lastmile.api.v1.DrainNodeResponse;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.ListPricesRequest;
import io.lastmile.api.v1.ListPricesResponse;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.NodeState;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.PriceServiceGrpc;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.UncordonNodeRequest;
import io.lastmile.api.v1.Workload;
import io.lastmile.controlplane.api.RecordingLink;
import io.lastmile.controlplane.cluster.Assignment;
import io.lastmile.controlplane.cluster.AttemptPhase;
import io.lastmile.controlplane.cluster.AttemptReport;
import io.lastmile.controlplane.cluster.ClusterState;
import io.lastmile.controlplane.jobs.JobControl;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST API, NodeService, the dashboard page and the metrics, against one registered node. */
@QuarkusTest
class OperatorApiTest {
  private static final String NODE = "rest-sin-1";

  @Inject JobControl control;
  @Inject ClusterState cluster;

  private TestNode node;
  private RecordingLink link;
  private ManagedChannel channel;
  private JobServiceGrpc.JobServiceBlockingStub jobs;
  private NodeServiceGrpc.NodeServiceBlockingStub nodes;

  @BeforeEach
  void registerNode() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    jobs = JobServiceGrpc.newBlockingStub(channel);
    nodes = NodeServiceGrpc.newBlockingStub(channel);
    node = new TestNode(control, cluster, NODE, "rest");
    link = node.link;
  }

  // The node is in sg-sin and the jobs here come from there, so that pending jobs of other test
  // classes (all bound to de-fra within 20 ms) never land on it and take its GPUs.
  @AfterEach
  void unregisterNode() {
    node.close();
    channel.shutdownNow();
  }

  @Test
  void regionsListTheirNodesFreeGpusAndPrices() {
    given()
        .get("/api/v1/regions?withNodes=true")
        .then()
        .statusCode(200)
        .body("find { it.name == 'sg-sin' }.marketZone", equalTo("SG"))
        .body("find { it.name == 'sg-sin' }.priceNowPerMwh", notNullValue())
        .body("find { it.name == 'sg-sin' }.forecast.size()", equalTo(6))
        .body("find { it.name == 'sg-sin' }.nodes.id", hasItem(NODE));
    given()
        .get("/api/v1/nodes/" + NODE)
        .then()
        .statusCode(200)
        .body("gpuTotal", equalTo(2))
        .body("gpuModels", equalTo(List.of("L4", "L4")))
        .body("state", equalTo("READY"))
        .body("connected", equalTo(true));
  }

  @Test
  void unknownIdsAndBadParametersAreProblemsWithAReason() {
    given()
        .get("/api/v1/nodes/no-such-node")
        .then()
        .statusCode(404)
        .body("error", containsString("no-such-node"));
    given().get("/api/v1/jobs/job-missing").then().statusCode(404);
    given()
        .get("/api/v1/jobs?state=SLEEPING")
        .then()
        .statusCode(400)
        .body("error", containsString("SLEEPING"));
    given().get("/api/v1/jobs?limit=0").then().statusCode(400);
    given().get("/api/v1/regions?forecastHours=49").then().statusCode(400);
  }

  @Test
  void pendingJobShowsItsReasonAndExplanation() {
    String id =
        jobs.submitJob(submit(spec().setResources(Resources.newBuilder().setGpuCount(8))))
            .getJob()
            .getId();

    await()
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/jobs/" + id)
                    .then()
                    .statusCode(200)
                    .body("state", equalTo("PENDING"))
                    .body("pendingReason", equalTo("INSUFFICIENT_GPUS"))
                    .body("explanation", containsString("8 requested")));
    given()
        .get("/api/v1/jobs?state=PENDING&limit=1000")
        .then()
        .statusCode(200)
        .body("id", hasItem(id));
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("lastmile_jobs_pending{reason=\"INSUFFICIENT_GPUS\"}"))
        .body(containsString("lastmile_queue_oldest_pending_seconds"))
        .body(containsString("lastmile_queue_oldest_blocked_seconds"))
        .body(
            matchesPattern(
                "(?s).*lastmile_prices_ahead_seconds\\{zone=\"[A-Z0-9-]+\",?\\} -?[0-9].*"));
    jobs.cancelJob(io.lastmile.api.v1.CancelJobRequest.newBuilder().setJobId(id).build());
  }

  @Test
  void finishedAttemptShowsNodeEnergyAndCostAndCountsThemPerRegion() {
    String id =
        jobs.submitJob(submit(spec().setResources(Resources.newBuilder().setGpuCount(1))))
            .getJob()
            .getId();
    Assignment assignment = node.assigned(id);

    control.attemptStatus(
        NODE,
        new AttemptReport(
            assignment.attemptId(),
            id,
            assignment.epoch(),
            AttemptPhase.SUCCEEDED,
            0,
            "",
            50.0,
            ""));

    given()
        .get("/api/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body("state", equalTo("SUCCEEDED"))
        .body("nodeId", equalTo(NODE))
        .body("region", equalTo("sg-sin"))
        .body("energyWh", equalTo(50.0f))
        .body("cost", greaterThan(0f))
        .body("currency", equalTo("EUR"))
        .body("pendingReason", equalTo(null));
    given()
        .get("/q/metrics")
        .then()
        .body(containsString("lastmile_energy_joules_total{region=\"sg-sin\"}"))
        .body(containsString("lastmile_energy_cost_total{currency=\"EUR\",region=\"sg-sin\"}"))
        .body(containsString("lastmile_agents_connected"))
        .body(containsString("lastmile_region_gpus_free{region=\"sg-sin\"}"));
  }

  @Test
  void nodesAreCordonedUncordonedAndDrainedOverGrpc() {
    assertThat(
            nodes
                .listNodes(ListNodesRequest.newBuilder().setRegion("sg-sin").build())
                .getNodesList())
        .anySatisfy(n -> assertThat(n.getId()).isEqualTo(NODE));

    assertThat(
            nodes
                .cordonNode(CordonNodeRequest.newBuilder().setNodeId(NODE).build())
                .getNode()
                .getState())
        .isEqualTo(NodeState.NODE_STATE_CORDONED);
    given().get("/api/v1/nodes/" + NODE).then().body("state", equalTo("CORDONED"));
    assertThat(
            nodes
                .uncordonNode(UncordonNodeRequest.newBuilder().setNodeId(NODE).build())
                .getNode()
                .getState())
        .isEqualTo(NodeState.NODE_STATE_READY);

    DrainNodeResponse drained =
        nodes.drainNode(
            DrainNodeRequest.newBuilder().setNodeId(NODE).setReason("kernel update").build());

    assertThat(drained.getAgentNotified()).isTrue();
    assertThat(drained.getNode().getState()).isEqualTo(NodeState.NODE_STATE_CORDONED);
    assertThat(link.drains).containsExactly("kernel update");
  }

  @Test
  void nodeCallsNameTheProblem() {
    StatusRuntimeException missing =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> nodes.cordonNode(CordonNodeRequest.newBuilder().setNodeId("nope").build()));
    StatusRuntimeException empty =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> nodes.drainNode(DrainNodeRequest.newBuilder().build()));

    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.getStatus().getDescription()).contains("node_id");
  }

  @Test
  void pricesOverGrpcCoverTheRequestedHoursOfEachRegion() {
    PriceServiceGrpc.PriceServiceBlockingStub prices = PriceServiceGrpc.newBlockingStub(channel);

    ListPricesResponse fra =
        prices.listPrices(ListPricesRequest.newBuilder().setRegion("de-fra").setHours(3).build());
    ListPricesResponse all = prices.listPrices(ListPricesRequest.getDefaultInstance());
    StatusRuntimeException unknown =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                prices.listPrices(ListPricesRequest.newBuilder().setRegion("xx-nowhere").build()));
    StatusRuntimeException tooMany =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> prices.listPrices(ListPricesRequest.newBuilder().setHours(49).build()));

    assertThat(fra.getRegionsList())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getMarketZone()).isEqualTo("DE-LU");
              assertThat(r.getCurrency()).isEqualTo("EUR");
              assertThat(r.getHoursCount()).isEqualTo(3);
              assertThat(
                      r.getHours(1).getHourStart().getSeconds()
                          - r.getHours(0).getHourStart().getSeconds())
                  .isEqualTo(3600);
            });
    assertThat(all.getRegionsCount()).isGreaterThan(1);
    assertThat(all.getRegions(0).getHoursCount()).isEqualTo(6);
    assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(tooMany.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void dashboardIsServedAtTheRoot() {
    given().get("/").then().statusCode(200).body(containsString("<title>Lastmile</title>"));
    given().get("/dashboard.js").then().statusCode(200).body(containsString("/api/v1/jobs"));
  }

  private static JobSpec.Builder spec() {
    return JobSpec.newBuilder()
        .setName("rest")
        .setWorkload(Workload.newBuilder().setCommand("true"))
        .setPlacement(
            Placement.newBuilder()
                .setOriginRegion("sg-sin")
                .setMaxRtt(Duration.newBuilder().setNanos(20_000_000))
                .putLabelSelector("test", "rest"));
  }

  private static SubmitJobRequest submit(JobSpec.Builder spec) {
    return SubmitJobRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setSpec(spec)
        .build();
  }
}
