package io.lastmile.cli;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lastmile.api.v1.JobServiceGrpc;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Option;

/** Options every command shares: where the control plane is and how to print. */
final class ClientOptions {
  enum Format {
    table,
    json
  }

  @Option(
      names = "--server",
      defaultValue = "${env:LASTMILE_SERVER:-localhost:9090}",
      description = "Control plane gRPC address, host:port (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format output;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "10",
      description = "Deadline for each call (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  ManagedChannel channel() {
    return ManagedChannelBuilder.forTarget(server).usePlaintext().build();
  }

  JobServiceGrpc.JobServiceBlockingStub jobs(ManagedChannel channel) {
    return JobServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeoutSeconds, TimeUnit.SECONDS);
  }
}
