package io.lastmile.controlplane.api;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lastmile.api.v1.JobServiceGrpc;
import org.eclipse.microprofile.config.ConfigProvider;

/** A real gRPC connection to the control plane under test. */
final class GrpcTestClient {
  private GrpcTestClient() {}

  static ManagedChannel channel() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
  }

  static JobServiceGrpc.JobServiceBlockingStub jobs(ManagedChannel channel) {
    return JobServiceGrpc.newBlockingStub(channel);
  }
}
