package io.lastmile.controlplane.api;

import io.lastmile.api.v1.Gpu;
import io.lastmile.api.v1.NodeIds;
import io.lastmile.api.v1.Register;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.energy.Region;
import io.lastmile.controlplane.energy.Topology;
import org.jboss.logging.Logger;

/** Checks an agent's Register message and turns it into the node it describes. */
final class Registration {
  private static final Logger LOG = Logger.getLogger(Registration.class);

  private Registration() {}

  /**
   * The node {@code r} registers, with jurisdiction and market zone filled from its region where
   * the agent left them out.
   *
   * @param authenticatedNode the node the caller's credential names, or null where auth is off
   * @throws InvalidFieldException naming the first field that is wrong
   * @throws PermissionDeniedException when the credential belongs to another node
   */
  static NodeInfo node(Register r, String authenticatedNode, Topology topology) {
    if (!NodeIds.valid(r.getNodeId())) {
      throw new InvalidFieldException("register.node_id", r.getNodeId(), NodeIds.RULE);
    }
    if (authenticatedNode != null && !authenticatedNode.equals(r.getNodeId())) {
      throw new PermissionDeniedException(
          ("register.node_id: the credential of node %s cannot register node %s; each node"
                  + " enrols with its own token (`lastmile nodes enroll-token --node-id %s`)")
              .formatted(authenticatedNode, r.getNodeId(), r.getNodeId()));
    }
    Region region = topology.regions().get(r.getRegion());
    if (region == null) {
      throw new InvalidFieldException(
          "register.region",
          r.getRegion(),
          "is not a known region (known: %s)"
              .formatted(topology.regions().keySet().stream().sorted().toList()));
    }
    if (r.getAgentVersion().length() > 64) {
      throw new InvalidFieldException(
          "register.agent_version", r.getAgentVersion(), "must be at most 64 characters");
    }
    InvalidFieldException.requirePrintable("register.agent_version", r.getAgentVersion());
    r.getLabelsMap()
        .forEach(
            (key, value) -> {
              InvalidFieldException.requirePrintable("register.labels", key);
              InvalidFieldException.requirePrintable("register.labels[" + key + "]", value);
            });
    for (Gpu g : r.getGpusList()) {
      InvalidFieldException.requirePrintable(
          "register.gpus[" + g.getIndex() + "].model", g.getModel());
    }
    if (r.getPue() != 0 && (r.getPue() < 1.0 || r.getPue() > 5.0)) {
      throw new InvalidFieldException("register.pue", r.getPue(), "must be between 1.0 and 5.0");
    }
    Register.Builder filled = r.toBuilder();
    if (r.getJurisdiction().isEmpty()) {
      filled.setJurisdiction(region.jurisdiction());
    }
    if (r.getMarketZone().isEmpty()) {
      filled.setMarketZone(region.marketZone());
    }
    NodeInfo info = ProtoMapper.node(filled.build());
    r.getGpusList().stream()
        .filter(Gpu::getMigEnabled)
        .forEach(
            g ->
                LOG.warnf(
                    "node %s: GPU %d (%s) is in MIG mode and is not scheduled: Lastmile hands out"
                        + " whole GPUs; to schedule it, disable MIG on the node (nvidia-smi -i %d"
                        + " -mig 0, then reset the GPU) and restart the agent",
                    info.id(), g.getIndex(), g.getModel(), g.getIndex()));
    return info;
  }
}
