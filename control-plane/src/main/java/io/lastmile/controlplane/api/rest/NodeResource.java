package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.cluster.NodeStatus;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Nodes for the dashboard and scripts; cordon, uncordon and drain are on gRPC NodeService. */
@Path("/api/v1/nodes")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
  @Inject NodeOperations nodes;

  /** Every node, sorted by region then id; only one region's with {@code ?region=}. */
  @GET
  public List<NodeView> list(@DefaultValue("") @QueryParam("region") String region) {
    return nodes.list(region).stream().map(RestViews::node).toList();
  }

  @GET
  @Path("{id}")
  public NodeView get(@PathParam("id") String id) {
    return RestViews.node(nodes.get(id));
  }

  /** The node with each of its GPUs: model, memory, power limit and whether an attempt holds it. */
  @GET
  @Path("{id}/detail")
  public NodeDetailView detail(@PathParam("id") String id) {
    NodeStatus status = nodes.get(id);
    NodeSnapshot n = status.snapshot();
    return new NodeDetailView(
        RestViews.node(status),
        status.agentVersion(),
        n.info().gpus().stream()
            .map(
                g ->
                    new NodeDetailView.Gpu(
                        g.index(),
                        g.model(),
                        g.memoryTotalMiB(),
                        g.memoryUsedMiB(),
                        g.powerLimitW(),
                        !n.isFree(g)))
            .toList());
  }
}
