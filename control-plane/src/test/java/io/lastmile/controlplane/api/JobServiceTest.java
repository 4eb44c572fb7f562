package io.lastmile.controlplane.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.ListJobsResponse;
import io.lastmile.api.v1.Packing;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.SubmitJobResponse;
import io.lastmile.api.v1.Workload;
import io.quarkus.test.junit.QuarkusTest;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobServiceTest {
  private ManagedChannel channel;
  private JobServiceGrpc.JobServiceBlockingStub jobs;

  @BeforeEach
  void connect() {
    channel = GrpcTestClient.channel();
    jobs = GrpcTestClient.jobs(channel);
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void sameRequestIdTwiceCreatesOneJob() {
    SubmitJobRequest request = SubmitJobValidationTest.valid();

    SubmitJobResponse first = jobs.submitJob(request);
    SubmitJobResponse second = jobs.submitJob(request);

    assertThat(first.getCreated()).isTrue();
    assertThat(second.getCreated()).isFalse();
    assertThat(second.getJob().getId()).isEqualTo(first.getJob().getId());
    long withThatRequest =
        jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(1000).build()).getJobsList().stream()
            .filter(j -> j.getRequestId().equals(request.getRequestId()))
            .count();
    assertThat(withThatRequest).isEqualTo(1);
  }

  @Test
  void jobKeepsItsOwnScoringAsSubmitted() {
    SubmitJobRequest request = SubmitJobValidationTest.valid();
    Scoring scoring =
        Scoring.newBuilder()
            .putWeights("energy-cost", 4)
            .putWeights("round-trip", 0)
            .setPacking(Packing.PACKING_SPREAD)
            .build();
    request =
        request.toBuilder().setSpec(request.getSpec().toBuilder().setScoring(scoring)).build();

    String id = jobs.submitJob(request).getJob().getId();

    assertThat(
            jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build())
                .getJob()
                .getSpec()
                .getScoring())
        .isEqualTo(scoring);
  }

  @Test
  void reusedRequestIdWithAnotherSpecIsAlreadyExists() {
    SubmitJobRequest request = SubmitJobValidationTest.valid();
    jobs.submitJob(request);
    SubmitJobRequest changed =
        request.toBuilder()
            .setSpec(
                request.getSpec().toBuilder()
                    .setWorkload(Workload.newBuilder().setCommand("false")))
            .build();

    StatusRuntimeException error =
        catchThrowableOfType(StatusRuntimeException.class, () -> jobs.submitJob(changed));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    assertThat(error.getStatus().getDescription()).contains(request.getRequestId());
  }

  @Test
  void pendingJobIsCancelledAtOnceAndCancellingAgainChangesNothing() {
    Job job = jobs.submitJob(SubmitJobValidationTest.valid()).getJob();

    Job cancelled =
        jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).setReason("x").build())
            .getJob();
    Job again =
        jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(job.getId()).build()).getJob();

    assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
    assertThat(cancelled.getMessage()).isEqualTo("cancelled: x");
    assertThat(again).isEqualTo(cancelled);
  }

  @Test
  void unknownJobIsNotFoundAndMissingIdIsInvalidArgument() {
    StatusRuntimeException missing =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> jobs.getJob(GetJobRequest.newBuilder().setJobId("job-nope").build()));
    StatusRuntimeException empty =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> jobs.getJob(GetJobRequest.getDefaultInstance()));

    assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(missing.getStatus().getDescription()).isEqualTo("job job-nope not found");
    assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.getStatus().getDescription()).startsWith("job_id: ");
  }

  @Test
  void listPagesThroughEveryJobOnceNewestFirst() {
    for (int i = 0; i < 5; i++) {
      jobs.submitJob(SubmitJobValidationTest.valid());
    }
    Set<String> seen = new HashSet<>();
    String token = "";
    int pages = 0;
    do {
      ListJobsResponse page =
          jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      page.getJobsList().forEach(j -> assertThat(seen.add(j.getId())).isTrue());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());

    int total =
        jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(1000).build()).getJobsCount();
    assertThat(seen).hasSize(total);
    assertThat(pages).isEqualTo((total + 1) / 2);
  }

  @Test
  void badPageTokenAndPageSizeNameTheField() {
    StatusRuntimeException token =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> jobs.listJobs(ListJobsRequest.newBuilder().setPageToken("garbage!").build()));
    StatusRuntimeException size =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(5000).build()));

    assertThat(token.getStatus().getDescription()).startsWith("page_token: ");
    assertThat(size.getStatus().getDescription()).startsWith("page_size: ");
  }

  @Test
  void healthAndPrometheusMetricsAreServed() {
    jobs.submitJob(SubmitJobValidationTest.valid());

    given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'scheduler' }.data.loop", is("running"));
    given()
        .get("/q/health/live")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'scheduling-loop' }.status", is("UP"));
    given()
        .get("/q/health/started")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'recovery' }.data.phase", is("done"));
    given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("lastmile_jobs_submitted_total"));
  }

  @Test
  void submittedJobWithoutNodesIsPendingWithAReason() {
    String id = jobs.submitJob(SubmitJobValidationTest.valid()).getJob().getId();

    org.awaitility.Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(
                        jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build())
                            .getJob()
                            .getMessage())
                    .isEqualTo("0/0 nodes can host the job: no node is registered"));
  }
}
