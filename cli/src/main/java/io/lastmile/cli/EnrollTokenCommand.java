package io.lastmile.cli;

import com.google.protobuf.util.Timestamps;
import io.lastmile.api.v1.CreateEnrolmentTokenRequest;
import io.lastmile.api.v1.CreateEnrolmentTokenResponse;
import io.lastmile.api.v1.JobServiceGrpc;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lastmile nodes enroll-token}: a single-use token with which one agent joins. */
@Command(
    name = "enroll-token",
    mixinStandardHelpOptions = true,
    description = {
      "Make a single-use enrolment token (operators only).",
      "Give it to one agent as lastmile.agent.enrolment.token: on start the agent exchanges"
          + " it for its node's own credential.",
      "The agent saves that in lastmile.agent.credential-file. The token is shown once."
    },
    footer = {
      "%nExamples:",
      "  lastmile nodes enroll-token --node-id edge-fra-1",
      "  lastmile nodes enroll-token --ttl 1h     # for whichever node uses it first"
    })
class EnrollTokenCommand extends GrpcCommand {
  @Option(
      names = "--ttl",
      defaultValue = "15m",
      converter = DurationConverter.class,
      description = "How long the token may be used, 1m to 7d (default: ${DEFAULT-VALUE}).")
  Duration ttl;

  @Option(
      names = "--node-id",
      defaultValue = "",
      description = "The only node id the token may enrol. Default: any.")
  String nodeId;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    CreateEnrolmentTokenResponse r =
        nodes()
            .createEnrolmentToken(
                CreateEnrolmentTokenRequest.newBuilder()
                    .setNodeId(nodeId)
                    .setTtl(
                        com.google.protobuf.Duration.newBuilder()
                            .setSeconds(ttl.getSeconds())
                            .setNanos(ttl.getNano()))
                    .build());
    if (client.output == ClientOptions.Format.json) {
      out.json(r);
      return ExitCodes.OK;
    }
    var w = spec.commandLine().getOut();
    w.printf("enrolment token (single use, shown once):%n  %s%n", r.getToken());
    w.printf(
        "for %s, valid until %s%n",
        r.getNodeId().isEmpty() ? "any node" : "node " + r.getNodeId(),
        Timestamps.toString(r.getExpireTime()));
    w.printf("agent setting:%n  lastmile.agent.enrolment.token=%s%n", r.getToken());
    w.flush();
    return ExitCodes.OK;
  }
}
