package io.lastmile.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.NodeServiceGrpc;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that makes calls to the control plane and turns gRPC errors into exit codes. */
abstract class GrpcCommand implements Callable<Integer> {
  @Mixin ClientOptions client;
  @Spec CommandSpec spec;
  private ManagedChannel channel;

  /** Runs the command's calls; returns its exit code. */
  abstract int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) throws Exception;

  @Override
  public Integer call() throws Exception {
    channel = client.channel();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(client.jobs(channel), new Output(spec.commandLine().getOut(), client.output));
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String hint =
          switch (status.getCode()) {
            case UNAVAILABLE ->
                retryDelay(e)
                    .map(d -> " (nothing was changed; retry in %d s)".formatted(d.getSeconds()))
                    .orElse(
                        " (is the control plane running at %s? set --server or LASTMILE_SERVER)"
                            .formatted(client.server));
            case UNAUTHENTICATED -> " (set --token or LASTMILE_TOKEN)";
            default -> "";
          };
      err.printf(
          "error: %s: %s%s%n",
          status.getCode(),
          status.getDescription() == null
              ? ""
              : io.lastmile.api.v1.PrintableText.escape(status.getDescription()),
          hint);
      err.flush();
      return ExitCodes.of(status.getCode());
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }

  /** The retry delay the server asked for, when it sent a {@code google.rpc.RetryInfo}. */
  private static java.util.Optional<com.google.protobuf.Duration> retryDelay(
      StatusRuntimeException e) {
    com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(e);
    if (details == null) {
      return java.util.Optional.empty();
    }
    return details.getDetailsList().stream()
        .filter(a -> a.is(com.google.rpc.RetryInfo.class))
        .findFirst()
        .map(
            a -> {
              try {
                return a.unpack(com.google.rpc.RetryInfo.class).getRetryDelay();
              } catch (com.google.protobuf.InvalidProtocolBufferException bad) {
                return com.google.protobuf.Duration.getDefaultInstance();
              }
            });
  }

  /** The command's channel to the control plane, for services other than JobService. */
  ManagedChannel channel() {
    return channel;
  }

  /** A NodeService stub on the command's channel, with the same deadline as job calls. */
  NodeServiceGrpc.NodeServiceBlockingStub nodes() {
    return NodeServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(client.timeoutSeconds, TimeUnit.SECONDS);
  }
}
