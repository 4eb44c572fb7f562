package io.lastmile.cli;

import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.RevokeNodeCredentialRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code lastmile nodes revoke}: shut a node's agent out. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = {
      "Revoke a node's credential (operators only): its agent's stream is closed and it cannot connect again until it enrols with a new token (nodes enroll-token --node-id NODE_ID)."
    },
    footer = {"%nExample:%n  lastmile nodes revoke edge-fra-1"})
class RevokeCommand extends GrpcCommand {
  @Parameters(paramLabel = "NODE_ID", description = "The node.")
  String nodeId;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    boolean closed =
        nodes()
            .revokeNodeCredential(
                RevokeNodeCredentialRequest.newBuilder().setNodeId(nodeId).build())
            .getStreamClosed();
    var w = spec.commandLine().getOut();
    w.printf(
        "revoked the credential of node %s%s%n",
        nodeId, closed ? "; its agent was disconnected" : " (its agent was not connected)");
    w.flush();
    return ExitCodes.OK;
  }
}
