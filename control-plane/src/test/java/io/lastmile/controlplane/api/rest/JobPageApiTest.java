package io.lastmile.controlplane.api.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
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

/**
 * The job listing's filters, paging, sorting and counts, a job's and a node's detail, and the
 * answers to bad parameters, against one registered node of two GPUs. Each test's jobs carry a tag
 * of their own in their names and are selected by it, as other test classes share the application.
 */
@QuarkusTest
class JobPageApiTest {
  private static final String NODE = "page-sin-1";

  @Inject JobControl control;
  @Inject ClusterState cluster;

  private final String tag = "pg" + UUID.randomUUID().toString().substring(0, 8);
  private TestNode node;
  private ManagedChannel channel;
  private JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeEach
  void registerNode() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    jobs = JobServiceGrpc.newBlockingStub(channel);
    node = new TestNode(control, cluster, NODE, "page");
  }

  @AfterEach
  void unregisterNode() {
    node.close();
    channel.shutdownNow();
  }

  @Test
  void pageCountsEveryStateOfTheFilteredJobsAndPagesThroughThem() {
    String placed = submit("c", 1);
    String finished = submit("d", 1);
    List<String> pending = List.of(submit("a", 8), submit("b", 8), submit("e", 8));
    Assignment done = assigned(finished);
    assigned(placed);
    report(done, AttemptPhase.SUCCEEDED, 12.0);

    String page = "/api/v1/jobs/page?q=" + tag.toUpperCase();
    await()
        .untilAsserted(
            () ->
                given()
                    .get(page)
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(5))
                    .body("all", equalTo(5))
                    .body("counts.PENDING", equalTo(3))
                    .body("counts.SCHEDULED", equalTo(1))
                    .body("counts.SUCCEEDED", equalTo(1))
                    .body("counts.RUNNING", equalTo(0)));
    given()
        .get(page + "&state=pending&sort=name&order=asc&limit=2")
        .then()
        .statusCode(200)
        .body("total", equalTo(3))
        .body("limit", equalTo(2))
        .body("counts.SCHEDULED", equalTo(1))
        .body("jobs.name", contains(tag + "-a", tag + "-b"));
    given()
        .get(page + "&state=PENDING&sort=name&order=asc&limit=2&offset=2")
        .then()
        .body("offset", equalTo(2))
        .body("jobs.id", contains(pending.get(2)));
    given()
        .get(page + "&sort=name&order=desc&limit=1")
        .then()
        .body("jobs.name", contains(tag + "-e"));
    given()
        .get(page + "&node=" + NODE + "&state=SCHEDULED&state=SUCCEEDED&sort=name&order=asc")
        .then()
        .body("total", equalTo(2))
        .body("jobs.id", contains(placed, finished))
        .body("jobs[0].gpuCount", equalTo(1));
    given().get(page + "&region=sg-sin&class=STANDARD").then().body("total", equalTo(5));
    given().get(page + "&class=DEFERRABLE").then().body("total", equalTo(0));
    given()
        .get("/api/v1/jobs?q=" + tag + "&state=PENDING")
        .then()
        .statusCode(200)
        .body("id", hasItems(pending.toArray()));
  }

  @Test
  void detailShowsSpecExplanationAttemptsAndEvents() {
    String id = submit("run", 1);
    Assignment a = assigned(id);
    report(a, AttemptPhase.RUNNING, 0);
    report(a, AttemptPhase.SUCCEEDED, 40.0);

    given()
        .get("/api/v1/jobs/" + id + "/detail")
        .then()
        .statusCode(200)
        .body("job.state", equalTo("SUCCEEDED"))
        .body("spec.command", equalTo("true"))
        .body("spec.gpuCount", equalTo(1))
        .body("spec.originRegion", equalTo("sg-sin"))
        .body("spec.maxRttMs", equalTo(20.0f))
        .body("explanation.candidates[0].nodeId", equalTo(NODE))
        .body("explanation.candidates[0].parts.scorer", hasItems("round-trip", "energy-cost"))
        .body("attempts.size()", equalTo(1))
        .body("attempts[0].id", equalTo(a.attemptId()))
        .body("attempts[0].nodeId", equalTo(NODE))
        .body("attempts[0].state", equalTo("SUCCEEDED"))
        .body("attempts[0].exitCode", equalTo(0))
        .body("attempts[0].energyWh", equalTo(40.0f))
        .body("attempts[0].placedTime", notNullValue())
        .body("attempts[0].startTime", notNullValue())
        .body("attempts[0].endTime", notNullValue())
        .body("events.state", contains("PENDING", "SCHEDULED", "RUNNING", "SUCCEEDED"))
        .body("deferral", nullValue());
  }

  @Test
  void pendingDetailRanksItsRejections() {
    String id = submit("big", 8);

    await()
        .untilAsserted(
            () ->
                given()
                    .get("/api/v1/jobs/" + id + "/detail")
                    .then()
                    .body("explanation.rejections[0].reason", notNullValue())
                    .body("explanation.summary", containsString("nodes can host the job")));
    given()
        .get("/api/v1/jobs/" + id + "/detail")
        .then()
        .body("explanation.rejections.reason", hasItems("INSUFFICIENT_GPUS"))
        .body("attempts.size()", equalTo(0));
  }

  @Test
  void cordonedNodeHasNoFreeGpusAndItsDetailListsEachGpu() {
    // Attempts of the other tests here may still hold one of its GPUs.
    given().get("/api/v1/nodes/" + NODE).then().body("gpuFree", greaterThan(0));
    cluster.cordon(NODE, true);

    given()
        .get("/api/v1/nodes/" + NODE)
        .then()
        .body("state", equalTo("CORDONED"))
        .body("gpuTotal", equalTo(2))
        .body("gpuFree", equalTo(0));
    given()
        .get("/api/v1/nodes/" + NODE + "/detail")
        .then()
        .statusCode(200)
        .body("node.id", equalTo(NODE))
        .body("node.labels.test", equalTo("page"))
        .body("gpus.model", contains("L4", "L4"))
        .body("gpus[0].memoryTotalMiB", equalTo(23034))
        .body("gpus[0].powerLimitW", equalTo(72.0f))
        .body("gpus.held", hasItems(false));
  }

  @Test
  void badParametersAreNamedWithTheirValue() {
    problem("/api/v1/jobs/page?sort=size", "sort", "size");
    problem("/api/v1/jobs/page?order=up", "order", "up");
    problem("/api/v1/jobs/page?offset=-1", "offset", "-1");
    problem("/api/v1/jobs/page?limit=abc", "limit", "abc");
    problem("/api/v1/jobs/page?limit=1001", "limit", "1001");
    problem("/api/v1/jobs?class=FAST", "class", "FAST");
    problem("/api/v1/jobs?state=SLEEPING", "state", "SLEEPING");
  }

  private static void problem(String path, String field, String value) {
    given()
        .get(path)
        .then()
        .statusCode(400)
        .body("status", equalTo(400))
        .body("field", equalTo(field))
        .body("error", containsString(field))
        .body("error", containsString(value));
  }

  private String submit(String suffix, int gpus) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName(tag + "-" + suffix)
                        .setWorkload(Workload.newBuilder().setCommand("true"))
                        .setResources(Resources.newBuilder().setGpuCount(gpus))
                        .setPlacement(
                            Placement.newBuilder()
                                .setOriginRegion("sg-sin")
                                .setMaxRtt(Duration.newBuilder().setNanos(20_000_000))
                                .putLabelSelector("test", "page")))
                .build())
        .getJob()
        .getId();
  }

  private Assignment assigned(String jobId) {
    return node.assigned(jobId);
  }

  private void report(Assignment a, AttemptPhase phase, double energyWh) {
    control.attemptStatus(
        NODE,
        new AttemptReport(
            a.attemptId(),
            a.jobId(),
            a.epoch(),
            phase,
            phase == AttemptPhase.RUNNING ? null : 0,
            "",
            energyWh,
            ""));
  }
}
