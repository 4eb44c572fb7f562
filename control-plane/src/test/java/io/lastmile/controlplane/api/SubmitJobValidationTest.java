package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Duration;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.ListJobsRequest;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class SubmitJobValidationTest {
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

  static Stream<Arguments> malformedRequests() {
    return Stream.of(
        bad("request_id", r -> r.setRequestId("")),
        bad("request_id", r -> r.setRequestId("has spaces")),
        bad("spec", SubmitJobRequest.Builder::clearSpec),
        bad("spec.workload", r -> r.setSpec(r.getSpec().toBuilder().clearWorkload())),
        bad("spec.workload.command", r -> workload(r, w -> w.setCommand(""))),
        bad("spec.workload.command", r -> workload(r, w -> w.setCommand("   "))),
        bad(
            "spec.workload.args",
            r -> workload(r, w -> IntStream.range(0, 257).forEach(i -> w.addArgs("a")))),
        bad(
            "spec.workload.env",
            r -> workload(r, w -> IntStream.range(0, 129).forEach(i -> w.putEnv("V" + i, "x")))),
        bad(
            "spec.workload.args",
            r ->
                workload(r, w -> IntStream.range(0, 20).forEach(i -> w.addArgs("a".repeat(8000))))),
        bad("spec.workload.env", r -> workload(r, w -> w.putEnv("BIG", "x".repeat(70_000)))),
        bad("spec.workload.env[NUL]", r -> workload(r, w -> w.putEnv("NUL", "a\0b"))),
        bad("spec.workload.env", r -> workload(r, w -> w.putEnv("1BAD", "x"))),
        bad("spec.workload.image", r -> workload(r, w -> w.setImage("has space"))),
        bad("spec.resources.gpu_count", r -> resources(r, x -> x.setGpuCount(-1))),
        bad("spec.resources.gpu_count", r -> resources(r, x -> x.setGpuCount(65))),
        bad("spec.resources.gpu_memory_mib", r -> resources(r, x -> x.setGpuMemoryMib(-5))),
        bad("spec.resources.cpu_millis", r -> resources(r, x -> x.setCpuMillis(-1))),
        bad("spec.resources.memory_mib", r -> resources(r, x -> x.setMemoryMib(-1))),
        bad("spec.job_class", r -> spec(r, s -> s.setJobClassValue(42))),
        bad("spec.deadline", r -> spec(r, s -> s.setJobClassValue(3))),
        bad(
            "spec.deadline",
            r ->
                spec(
                    r,
                    s ->
                        s.setJobClassValue(3)
                            .setDeadline(
                                com.google.protobuf.Timestamp.newBuilder()
                                    .setSeconds(Long.MAX_VALUE)))),
        bad("spec.max_attempts", r -> spec(r, s -> s.setMaxAttempts(11))),
        bad("spec.max_attempts", r -> spec(r, s -> s.setMaxAttempts(-1))),
        bad("spec.priority", r -> spec(r, s -> s.setPriority(5000))),
        bad("spec.name", r -> spec(r, s -> s.setName("n".repeat(129)))),
        bad("spec.name", r -> spec(r, s -> s.setName("nul\0name"))),
        bad("spec.name", r -> spec(r, s -> s.setName("invoice-\u202Efdp.exe"))),
        bad("spec.name", r -> spec(r, s -> s.setName("two\nlines"))),
        bad(
            "spec.placement.label_selector[site]",
            r ->
                spec(
                    r,
                    s ->
                        s.setPlacement(
                            Placement.newBuilder().putLabelSelector("site", "fra\u2066")))),
        bad("spec.timeout", r -> spec(r, s -> s.setTimeout(Duration.newBuilder().setSeconds(-1)))),
        bad(
            "spec.expected_duration",
            r -> spec(r, s -> s.setExpectedDuration(Duration.newBuilder().setSeconds(-60)))),
        bad(
            "spec.placement.origin_region",
            r -> spec(r, s -> s.setPlacement(Placement.newBuilder().setOriginRegion("atlantis")))),
        bad(
            "spec.placement.origin_region",
            r ->
                spec(
                    r,
                    s ->
                        s.setPlacement(
                            Placement.newBuilder()
                                .setMaxRtt(Duration.newBuilder().setSeconds(1))))),
        bad(
            "spec.placement.max_rtt",
            r ->
                spec(
                    r,
                    s ->
                        s.setPlacement(
                            Placement.newBuilder()
                                .setOriginRegion("de-fra")
                                .setMaxRtt(Duration.newBuilder().setSeconds(-1))))),
        bad(
            "spec.placement.allowed_jurisdictions",
            r ->
                spec(r, s -> s.setPlacement(Placement.newBuilder().addAllowedJurisdictions("de")))),
        bad("spec.scoring.weights", r -> scoring(r, s -> s.putWeights("cheapness", 1))),
        bad(
            "spec.scoring.weights[energy-cost]",
            r -> scoring(r, s -> s.putWeights("energy-cost", -1))),
        bad(
            "spec.scoring.weights[round-trip]",
            r -> scoring(r, s -> s.putWeights("round-trip", Double.NaN))),
        bad(
            "spec.scoring.weights[gpu-packing]",
            r -> scoring(r, s -> s.putWeights("gpu-packing", 1e9))),
        bad("spec.scoring.packing", r -> scoring(r, s -> s.setPackingValue(7))),
        bad("spec.on_disconnect", r -> spec(r, s -> s.setOnDisconnectValue(9))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedRequests")
  void malformedFieldIsInvalidArgumentNamingTheFieldAndChangesNothing(
      String field, UnaryOperator<SubmitJobRequest.Builder> breakIt) {
    int before = countJobs();

    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> jobs.submitJob(breakIt.apply(valid().toBuilder()).build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription()).startsWith(field + ": ").contains("got ");
    assertThat(countJobs()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("overLimits")
  void workloadOverALimitIsRefusedNamingTheLimitAndTheValue(
      String description, UnaryOperator<SubmitJobRequest.Builder> breakIt) {
    StatusRuntimeException error =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () -> jobs.submitJob(breakIt.apply(valid().toBuilder()).build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(error.getStatus().getDescription()).isEqualTo(description);
  }

  static Stream<Arguments> overLimits() {
    return Stream.of(
        Arguments.of(
            "spec.workload.args: must have at most 256 (got \"257 entries\")",
            (UnaryOperator<SubmitJobRequest.Builder>)
                r -> workload(r, w -> IntStream.range(0, 257).forEach(i -> w.addArgs("a")))),
        Arguments.of(
            "spec.workload.args: must total at most 131072 bytes (got \"160000 bytes\")",
            (UnaryOperator<SubmitJobRequest.Builder>)
                r ->
                    workload(
                        r, w -> IntStream.range(0, 20).forEach(i -> w.addArgs("a".repeat(8000))))),
        Arguments.of(
            "spec.workload.env: must have at most 128 (got \"129 entries\")",
            (UnaryOperator<SubmitJobRequest.Builder>)
                r ->
                    workload(r, w -> IntStream.range(0, 129).forEach(i -> w.putEnv("V" + i, "x")))),
        Arguments.of(
            "spec.workload.env: must total at most 65536 bytes (got \"70003 bytes\")",
            (UnaryOperator<SubmitJobRequest.Builder>)
                r -> workload(r, w -> w.putEnv("BIG", "x".repeat(70_000)))),
        Arguments.of(
            "spec.workload.env[TOKEN]: must not contain NUL (got a value of 17 bytes, not shown)",
            (UnaryOperator<SubmitJobRequest.Builder>)
                r -> workload(r, w -> w.putEnv("TOKEN", "hunter2-secret\0xy"))));
  }

  private int countJobs() {
    return jobs.listJobs(ListJobsRequest.newBuilder().setPageSize(1000).build()).getJobsCount();
  }

  static SubmitJobRequest valid() {
    return SubmitJobRequest.newBuilder()
        .setRequestId(UUID.randomUUID().toString())
        .setSpec(
            JobSpec.newBuilder()
                .setName("valid")
                .setWorkload(Workload.newBuilder().setCommand("true"))
                .setResources(Resources.newBuilder().setGpuCount(1))
                .setPlacement(
                    Placement.newBuilder()
                        .setOriginRegion("de-fra")
                        .setMaxRtt(Duration.newBuilder().setNanos(20_000_000))))
        .build();
  }

  private static Arguments bad(String field, UnaryOperator<SubmitJobRequest.Builder> change) {
    return Arguments.of(field, change);
  }

  private static SubmitJobRequest.Builder spec(
      SubmitJobRequest.Builder r, UnaryOperator<JobSpec.Builder> change) {
    return r.setSpec(change.apply(r.getSpec().toBuilder()));
  }

  private static SubmitJobRequest.Builder scoring(
      SubmitJobRequest.Builder r, UnaryOperator<Scoring.Builder> change) {
    return r.setSpec(
        r.getSpec().toBuilder().setScoring(change.apply(r.getSpec().getScoring().toBuilder())));
  }

  private static SubmitJobRequest.Builder workload(
      SubmitJobRequest.Builder r, java.util.function.Consumer<Workload.Builder> change) {
    Workload.Builder w = r.getSpec().getWorkload().toBuilder();
    change.accept(w);
    return r.setSpec(r.getSpec().toBuilder().setWorkload(w));
  }

  private static SubmitJobRequest.Builder resources(
      SubmitJobRequest.Builder r, UnaryOperator<Resources.Builder> change) {
    return r.setSpec(
        r.getSpec().toBuilder().setResources(change.apply(r.getSpec().getResources().toBuilder())));
  }
}
