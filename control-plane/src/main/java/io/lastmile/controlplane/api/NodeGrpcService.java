package io.lastmile.controlplane.api;

import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.CordonNodeRequest;
import io.lastmile.api.v1.CordonNodeResponse;
import io.lastmile.api.v1.CreateEnrolmentTokenRequest;
import io.lastmile.api.v1.CreateEnrolmentTokenResponse;
import io.lastmile.api.v1.DrainNodeRequest;
import io.lastmile.api.v1.DrainNodeResponse;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.ListNodesResponse;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.RevokeNodeCredentialRequest;
import io.lastmile.api.v1.RevokeNodeCredentialResponse;
import io.lastmile.api.v1.UncordonNodeRequest;
import io.lastmile.api.v1.UncordonNodeResponse;
import io.lastmile.controlplane.auth.Authenticator;
import io.lastmile.controlplane.auth.Caller;
import io.lastmile.controlplane.auth.Callers;
import io.lastmile.controlplane.auth.NodeCredentials;
import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.ha.Leadership;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** gRPC adapter for {@code lastmile.v1.NodeService}: validates, delegates, maps errors. */
@GrpcService
@Blocking
public class NodeGrpcService extends NodeServiceGrpc.NodeServiceImplBase {
  private static final Logger LOG = Logger.getLogger(NodeGrpcService.class);
  @Inject NodeOperations nodes;
  @Inject Leadership leadership;
  @Inject NodeCredentials credentials;
  @Inject Authenticator authenticator;
  @Inject io.lastmile.controlplane.jobs.JobControl jobs;

  @Override
  public void listOrphanResults(
      io.lastmile.api.v1.ListOrphanResultsRequest request,
      StreamObserver<io.lastmile.api.v1.ListOrphanResultsResponse> out) {
    GrpcErrors.unary(
        "ListOrphanResults",
        out,
        () -> {
          Callers.current().requireOperator("ListOrphanResults");
          io.lastmile.api.v1.ListOrphanResultsResponse.Builder b =
              io.lastmile.api.v1.ListOrphanResultsResponse.newBuilder();
          jobs.orphans().list().forEach(o -> b.addResults(orphan(o)));
          return b.build();
        });
  }

  @Override
  public void listNodes(ListNodesRequest request, StreamObserver<ListNodesResponse> out) {
    GrpcErrors.unary(
        "ListNodes",
        out,
        () -> {
          ListNodesResponse.Builder b = ListNodesResponse.newBuilder();
          nodes.list(request.getRegion()).forEach(n -> b.addNodes(ProtoMapper.node(n)));
          return b.build();
        });
  }

  @Override
  public void cordonNode(CordonNodeRequest request, StreamObserver<CordonNodeResponse> out) {
    GrpcErrors.unary(
        "CordonNode",
        out,
        () -> {
          leadership.requireLeader();
          return CordonNodeResponse.newBuilder()
              .setNode(ProtoMapper.node(nodes.cordon(nodeId("CordonNode", request.getNodeId()))))
              .build();
        });
  }

  @Override
  public void uncordonNode(UncordonNodeRequest request, StreamObserver<UncordonNodeResponse> out) {
    GrpcErrors.unary(
        "UncordonNode",
        out,
        () -> {
          leadership.requireLeader();
          return UncordonNodeResponse.newBuilder()
              .setNode(
                  ProtoMapper.node(nodes.uncordon(nodeId("UncordonNode", request.getNodeId()))))
              .build();
        });
  }

  @Override
  public void drainNode(DrainNodeRequest request, StreamObserver<DrainNodeResponse> out) {
    GrpcErrors.unary(
        "DrainNode",
        out,
        () -> {
          Callers.current().requireOperator("DrainNode");
          leadership.requireLeader();
          if (request.getReason().length() > 256) {
            throw new InvalidFieldException(
                "reason", request.getReason(), "must be at most 256 characters");
          }
          InvalidFieldException.requirePrintable("reason", request.getReason());
          NodeOperations.Drained drained =
              nodes.drain(nodeId("DrainNode", request.getNodeId()), request.getReason());
          return DrainNodeResponse.newBuilder()
              .setNode(ProtoMapper.node(drained.node()))
              .setAgentNotified(drained.agentNotified())
              .build();
        });
  }

  @Override
  public void createEnrolmentToken(
      CreateEnrolmentTokenRequest request, StreamObserver<CreateEnrolmentTokenResponse> out) {
    GrpcErrors.unary(
        "CreateEnrolmentToken",
        out,
        () -> {
          Caller caller = Callers.current();
          caller.requireOperator("CreateEnrolmentToken");
          requireAuthentication();
          leadership.requireLeader();
          NodeCredentials.Issued issued =
              credentials.issue(
                  request.hasTtl()
                      ? java.time.Duration.ofSeconds(
                          request.getTtl().getSeconds(), request.getTtl().getNanos())
                      : null,
                  request.getNodeId(),
                  caller.name());
          LOG.infof(
              "enrolment token for %s made by %s, valid until %s",
              issued.nodeId().isEmpty() ? "any node" : "node " + issued.nodeId(),
              caller.name(),
              issued.expiresAt());
          return CreateEnrolmentTokenResponse.newBuilder()
              .setToken(issued.token())
              .setExpireTime(ProtoMapper.timestamp(issued.expiresAt()))
              .setNodeId(issued.nodeId())
              .build();
        });
  }

  @Override
  public void revokeNodeCredential(
      RevokeNodeCredentialRequest request, StreamObserver<RevokeNodeCredentialResponse> out) {
    GrpcErrors.unary(
        "RevokeNodeCredential",
        out,
        () -> {
          String id = nodeId("RevokeNodeCredential", request.getNodeId());
          requireAuthentication();
          leadership.requireLeader();
          credentials.revoke(id);
          LOG.infof("credential of node %s revoked by %s", id, Callers.current().name());
          boolean closed =
              nodes.disconnect(
                  id,
                  "the credential of node %s was revoked; to let it back in, make a token with `lastmile nodes enroll-token --node-id %s`, set it as lastmile.agent.enrolment.token and restart the agent"
                      .formatted(id, id));
          return RevokeNodeCredentialResponse.newBuilder().setStreamClosed(closed).build();
        });
  }

  private void requireAuthentication() {
    if (!authenticator.enabled()) {
      throw new PreconditionException(
          "authentication is off (development mode): agents connect without credentials, so"
              + " there is nothing to enrol or revoke; set lastmile.auth.enabled=true");
    }
  }

  /** The node a node operation names; node operations are for operators only. */
  private static String nodeId(String action, String id) {
    Callers.current().requireOperator(action);
    if (id.isEmpty()) {
      throw new InvalidFieldException("node_id", id, "is required");
    }
    return id;
  }

  private static io.lastmile.api.v1.OrphanResult orphan(
      io.lastmile.controlplane.jobs.OrphanResults.Orphan o) {
    io.lastmile.controlplane.cluster.AttemptReport r = o.report();
    io.lastmile.api.v1.OrphanResult.Builder b =
        io.lastmile.api.v1.OrphanResult.newBuilder()
            .setNodeId(o.nodeId())
            .setAttemptId(r.attemptId())
            .setJobId(r.jobId())
            .setState(io.lastmile.api.v1.AttemptState.valueOf("ATTEMPT_STATE_" + r.phase().name()))
            .setMessage(r.message())
            .setFirstReported(ProtoMapper.timestamp(o.firstReported()))
            .setLastReported(ProtoMapper.timestamp(o.lastReported()));
    if (r.exitCode() != null) {
      b.setExitCode(r.exitCode()).setHasExitCode(true);
    }
    return b.build();
  }
}
