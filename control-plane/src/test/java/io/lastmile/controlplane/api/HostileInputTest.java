package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.RetryInfo;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.auth.AuthEnabledProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Floods and oversized requests over a real gRPC socket. */
@QuarkusTest
@TestProfile(AuthEnabledProfile.class)
class HostileInputTest {
  private ManagedChannel channel;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    channel =
        ManagedChannelBuilder.forAddress("localhost", port)
            .usePlaintext()
            .maxInboundMessageSize(8 << 20)
            .build();
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  @Test
  void aTenantSubmittingFasterThanItsRateIsToldWhenToRetryAndOthersAreNotSlowed()
      throws InvalidProtocolBufferException {
    JobServiceGrpc.JobServiceBlockingStub capped = jobs(AuthEnabledProfile.CAPPED);
    for (int i = 0; i < AuthEnabledProfile.BURST; i++) {
      capped.submitJob(SubmitJobValidationTest.valid());
    }

    StatusRuntimeException refused =
        catchThrowableOfType(
            () -> capped.submitJob(SubmitJobValidationTest.valid()), StatusRuntimeException.class);

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(refused.getStatus().getDescription()).contains("tenant capped submits faster");
    RetryInfo retry = StatusProto.fromThrowable(refused).getDetails(0).unpack(RetryInfo.class);
    assertThat(retry.getRetryDelay().getSeconds()).isPositive();
    assertThat(
            jobs(AuthEnabledProfile.GLOBEX).submitJob(SubmitJobValidationTest.valid()).getCreated())
        .isTrue();
  }

  @Test
  void aRequestOverOneMebibyteIsRefusedBeforeItIsRead() {
    SubmitJobRequest valid = SubmitJobValidationTest.valid();
    SubmitJobRequest huge =
        valid.toBuilder()
            .setSpec(
                valid.getSpec().toBuilder()
                    .setWorkload(
                        valid.getSpec().getWorkload().toBuilder()
                            .putEnv("BLOB", "x".repeat(2 << 20))))
            .build();

    StatusRuntimeException refused =
        catchThrowableOfType(
            () -> jobs(AuthEnabledProfile.OPERATOR).submitJob(huge), StatusRuntimeException.class);

    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
  }

  private JobServiceGrpc.JobServiceBlockingStub jobs(String token) {
    return TenantIsolationTest.withHeader(
        JobServiceGrpc.newBlockingStub(channel), "Bearer " + token);
  }
}
