package io.lastmile.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.ExplainJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListJobsResponse;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.SubmitJobResponse;
import io.lastmile.controlplane.store.JdbcJobStore;
import io.lastmile.controlplane.store.JobStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With no finished job kept in memory, a cancelled job leaves memory at once and is still answered
 * by every read of gRPC and REST, from the database; its request id still gives it.
 */
@QuarkusTest
@TestProfile(FinishedJobsFromTheStoreTest.NoFinishedJobInMemory.class)
class FinishedJobsFromTheStoreTest {

  /** Finished jobs leave memory as soon as they finish. */
  public static class NoFinishedJobInMemory implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("lastmile.retention.finished-jobs", "0");
    }
  }

  @Inject JobStore store;

  private final String tag = "gone" + UUID.randomUUID().toString().substring(0, 8);
  private final ManagedChannel channel = GrpcTestClient.channel();
  private final JobServiceGrpc.JobServiceBlockingStub jobs = GrpcTestClient.jobs(channel);

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  private SubmitJobRequest request(String name) {
    SubmitJobRequest valid = SubmitJobValidationTest.valid();
    return valid.toBuilder()
        .setSpec(
            valid.getSpec().toBuilder()
                .setName(tag + "-" + name)
                .setResources(valid.getSpec().getResources().toBuilder().setGpuCount(64)))
        .build();
  }

  private String cancelled(SubmitJobRequest request) {
    String id = jobs.submitJob(request).getJob().getId();
    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(id).setReason("done with it").build());
    return id;
  }

  @Test
  void aFinishedJobThatLeftMemoryIsStillAnsweredOnGrpc() {
    SubmitJobRequest request = request("a");
    String id = cancelled(request);
    assertThat(((JdbcJobStore) store).finishedInMemory()).isZero();

    Job job = jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
    assertThat(job.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
    assertThat(jobs.explainJob(ExplainJobRequest.newBuilder().setJobId(id).build()).getState())
        .isEqualTo(JobState.JOB_STATE_CANCELLED);

    SubmitJobResponse again = jobs.submitJob(request);
    assertThat(again.getCreated()).isFalse();
    assertThat(again.getJob().getId()).isEqualTo(id);
    assertThat(again.getJob().getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
  }

  @Test
  void pagesOfListJobsShowFinishedJobsOnceWhetherInMemoryOrNot() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      SubmitJobRequest request = request("p" + i);
      expected.add(0, i % 2 == 0 ? cancelled(request) : jobs.submitJob(request).getJob().getId());
    }

    List<String> seen = new ArrayList<>();
    String token = "";
    do {
      ListJobsResponse page =
          jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(3).setPageToken(token).build());
      page.getJobsList().stream()
          .filter(j -> j.getSpec().getName().startsWith(tag))
          .forEach(j -> seen.add(j.getId()));
      token = page.getNextPageToken();
    } while (!token.isEmpty());

    assertThat(seen).containsExactlyElementsOf(expected);
    ListJobsResponse cancelled =
        jobs.listJobs(
            ListJobsRequest.newBuilder()
                .addStates(JobState.JOB_STATE_CANCELLED)
                .setPageSize(1000)
                .build());
    assertThat(cancelled.getJobsList())
        .filteredOn(j -> j.getSpec().getName().startsWith(tag))
        .extracting(Job::getId)
        .containsExactly(expected.get(0), expected.get(2), expected.get(4));
  }

  @Test
  void aFinishedJobThatLeftMemoryIsStillAnsweredOnRest() {
    String id = cancelled(request("r"));

    given()
        .get("/api/v1/jobs/" + id)
        .then()
        .statusCode(200)
        .body("id", equalTo(id))
        .body("state", equalTo("CANCELLED"));
    given().get("/api/v1/jobs/" + id + "/detail").then().statusCode(200);
    given()
        .queryParam("q", tag)
        .queryParam("state", "cancelled")
        .get("/api/v1/jobs")
        .then()
        .statusCode(200)
        .body("id", contains(id));
    given()
        .queryParam("q", tag)
        .get("/api/v1/jobs/page")
        .then()
        .statusCode(200)
        .body("total", equalTo(1))
        .body("counts.CANCELLED", equalTo(1));
  }
}
