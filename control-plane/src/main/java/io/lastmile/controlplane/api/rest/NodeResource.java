package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.cluster.NodeOperations;
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
}
