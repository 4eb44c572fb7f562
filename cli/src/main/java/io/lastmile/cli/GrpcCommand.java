package io.lastmile.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lastmile.api.v1.JobServiceGrpc;
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

  /** Runs the command's calls; returns its exit code. */
  abstract int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) throws Exception;

  @Override
  public Integer call() throws Exception {
    ManagedChannel channel = client.channel();
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run(client.jobs(channel), new Output(spec.commandLine().getOut(), client.output));
    } catch (StatusRuntimeException e) {
      Status status = e.getStatus();
      String hint =
          status.getCode() == Status.Code.UNAVAILABLE
              ? " (is the control plane running at %s? set --server or LASTMILE_SERVER)"
                  .formatted(client.server)
              : "";
      err.printf(
          "error: %s: %s%s%n",
          status.getCode(), status.getDescription() == null ? "" : status.getDescription(), hint);
      err.flush();
      return ExitCodes.of(status.getCode());
    } finally {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
  }
}
