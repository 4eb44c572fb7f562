package io.lastmile.controlplane.api;

import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.CordonNodeRequest;
import io.lastmile.api.v1.CordonNodeResponse;
import io.lastmile.api.v1.DrainNodeRequest;
import io.lastmile.api.v1.DrainNodeResponse;
import io.lastmile.api.v1.ListNodesRequest;
import io.lastmile.api.v1.ListNodesResponse;
import io.lastmile.api.v1.NodeServiceGrpc;
import io.lastmile.api.v1.UncordonNodeRequest;
import io.lastmile.api.v1.UncordonNodeResponse;
import io.lastmile.controlplane.auth.Callers;
import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.ha.Leadership;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/** gRPC adapter for {@code lastmile.v1.NodeService}: validates, delegates, maps errors. */
@GrpcService
@Blocking
public class NodeGrpcService extends NodeServiceGrpc.NodeServiceImplBase {
  @Inject NodeOperations nodes;
  @Inject Leadership leadership;

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
          NodeOperations.Drained drained =
              nodes.drain(nodeId("DrainNode", request.getNodeId()), request.getReason());
          return DrainNodeResponse.newBuilder()
              .setNode(ProtoMapper.node(drained.node()))
              .setAgentNotified(drained.agentNotified())
              .build();
        });
  }

  /** The node a node operation names; node operations are for operators only. */
  private static String nodeId(String action, String id) {
    Callers.current().requireOperator(action);
    if (id.isEmpty()) {
      throw new InvalidFieldException("node_id", id, "is required");
    }
    return id;
  }
}
