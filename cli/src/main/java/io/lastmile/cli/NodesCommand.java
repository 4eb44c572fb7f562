package io.lastmile.cli;

import io.lastmile.api.v1.CordonNodeRequest;
import io.lastmile.api.v1.DrainNodeRequest;
import io.lastmile.api.v1.DrainNodeResponse;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.ListNodesResponse;
import io.lastmile.api.v1.UncordonNodeRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lastmile nodes}: list nodes; its subcommands cordon, uncordon, drain, enrol and revoke
 * one, and list orphans.
 */
@Command(
    name = "nodes",
    mixinStandardHelpOptions = true,
    description = {
      "List nodes: region, GPUs free/total, power draw, state.",
      "States: READY (takes work), CORDONED (an operator keeps new work away), NOT_READY (silent or disconnected)."
    },
    subcommands = {
      NodesCommand.Cordon.class,
      NodesCommand.Uncordon.class,
      NodesCommand.Drain.class,
      NodesCommand.Orphans.class,
      EnrollTokenCommand.class,
      RevokeCommand.class
    },
    footer = {
      "%nExamples:",
      "  lastmile nodes",
      "  lastmile nodes --region de-fra -o json",
      "  lastmile nodes cordon edge-fra-1      # no new work; running jobs stay",
      "  lastmile nodes drain edge-fra-1 --reason 'kernel update'",
      "  lastmile nodes uncordon edge-fra-1",
      "  lastmile nodes orphans                # results of jobs unknown here",
      "  lastmile nodes enroll-token --node-id edge-fra-2   # a new agent joins with it",
      "  lastmile nodes revoke edge-fra-1"
    })
class NodesCommand extends GrpcCommand {
  @Option(
      names = "--region",
      defaultValue = "",
      description = "Only nodes in this region, e.g. de-fra.")
  String region;

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    ListNodesResponse response =
        nodes().listNodes(ListNodesRequest.newBuilder().setRegion(region).build());
    if (client.output == ClientOptions.Format.json) {
      out.json(response);
    } else {
      out.nodes(response.getNodesList());
    }
    return ExitCodes.OK;
  }

  @Command(
      name = "cordon",
      mixinStandardHelpOptions = true,
      description = "Stop placing new jobs on a node; jobs running there are left alone.",
      footer = {"%nExample:%n  lastmile nodes cordon edge-fra-1"})
  static class Cordon extends GrpcCommand {
    @Parameters(paramLabel = "NODE_ID", description = "The node.")
    String nodeId;

    @Override
    int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
      out.nodes(
          List.of(
              nodes()
                  .cordonNode(CordonNodeRequest.newBuilder().setNodeId(nodeId).build())
                  .getNode()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "uncordon",
      mixinStandardHelpOptions = true,
      description = "Let a cordoned or drained node take new jobs again.",
      footer = {"%nExample:%n  lastmile nodes uncordon edge-fra-1"})
  static class Uncordon extends GrpcCommand {
    @Parameters(paramLabel = "NODE_ID", description = "The node.")
    String nodeId;

    @Override
    int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
      out.nodes(
          List.of(
              nodes()
                  .uncordonNode(UncordonNodeRequest.newBuilder().setNodeId(nodeId).build())
                  .getNode()));
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "drain",
      mixinStandardHelpOptions = true,
      description = {
        "Cordon a node and tell its agent to take no new work; running jobs finish.",
        "Use before maintenance; `lastmile list --state RUNNING` shows what is still there."
      },
      footer = {"%nExample:%n  lastmile nodes drain edge-fra-1 --reason 'replace PSU'"})
  static class Drain extends GrpcCommand {
    @Parameters(paramLabel = "NODE_ID", description = "The node.")
    String nodeId;

    @Option(names = "--reason", defaultValue = "", description = "Why, for the agent's log.")
    String reason;

    @Override
    int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
      DrainNodeResponse response =
          nodes()
              .drainNode(DrainNodeRequest.newBuilder().setNodeId(nodeId).setReason(reason).build());
      if (client.output == ClientOptions.Format.json) {
        out.json(response);
        return ExitCodes.OK;
      }
      out.nodes(List.of(response.getNode()));
      if (!response.getAgentNotified()) {
        spec.commandLine()
            .getErr()
            .println("note: the agent is not connected; the node is cordoned, the agent not told");
      }
      return ExitCodes.OK;
    }
  }

  @Command(
      name = "orphans",
      mixinStandardHelpOptions = true,
      description = {
        "List results agents reported for jobs this control plane does not know, newest first.",
        "This is what to reconcile after restoring its database from an older backup. The agents"
            + " keep these results (and their logs) until a control plane knows the job."
      },
      footer = {"%nExample:%n  lastmile nodes orphans -o json"})
  static class Orphans extends GrpcCommand {
    @Override
    int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
      io.lastmile.api.v1.ListOrphanResultsResponse response =
          nodes()
              .listOrphanResults(io.lastmile.api.v1.ListOrphanResultsRequest.getDefaultInstance());
      if (client.output == ClientOptions.Format.json) {
        out.json(response);
      } else {
        out.orphans(response.getResultsList());
      }
      return ExitCodes.OK;
    }
  }
}
