package io.lastmile.controlplane.cluster;

import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.scheduler.NodeSnapshot;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What an operator does to nodes: look at them, cordon, uncordon and drain them. */
public final class NodeOperations {
  private static final Comparator<NodeStatus> BY_REGION_THEN_ID =
      Comparator.comparing((NodeStatus n) -> n.snapshot().info().region())
          .thenComparing(n -> n.snapshot().id());

  private final ClusterState cluster;
  private final Runnable capacityFreed;

  /**
   * @param capacityFreed called when an uncordoned node may take pending work
   */
  public NodeOperations(ClusterState cluster, Runnable capacityFreed) {
    this.cluster = cluster;
    this.capacityFreed = capacityFreed;
  }

  /** Every node, sorted by region then id; only those of {@code region} unless it is empty. */
  public List<NodeStatus> list(String region) {
    return cluster.snapshot().stream()
        .filter(n -> region.isEmpty() || n.info().region().equals(region))
        .map(this::status)
        .sorted(BY_REGION_THEN_ID)
        .toList();
  }

  public NodeStatus get(String nodeId) {
    return cluster.snapshot().stream()
        .filter(n -> n.id().equals(nodeId))
        .findFirst()
        .map(this::status)
        .orElseThrow(() -> new NotFoundException("node", nodeId));
  }

  public NodeStatus cordon(String nodeId) {
    get(nodeId);
    cluster.cordon(nodeId, true);
    return get(nodeId);
  }

  public NodeStatus uncordon(String nodeId) {
    get(nodeId);
    cluster.cordon(nodeId, false);
    capacityFreed.run();
    return get(nodeId);
  }

  /** Cordons the node and tells its agent, if connected, to take no new work. */
  public Drained drain(String nodeId, String reason) {
    NodeStatus cordoned = cordon(nodeId);
    String why = reason.isEmpty() ? "drained on request" : reason;
    boolean notified = cluster.link(nodeId).map(link -> send(link, why)).orElse(false);
    return new Drained(cordoned, notified);
  }

  /**
   * Closes the node's agent stream, telling it why.
   *
   * @return whether the agent was connected
   */
  public boolean disconnect(String nodeId, String reason) {
    return cluster
        .link(nodeId)
        .map(
            link -> {
              link.disconnect(reason);
              return true;
            })
        .orElse(false);
  }

  /** A drained node and whether its agent heard about it. */
  public record Drained(NodeStatus node, boolean agentNotified) {}

  private static boolean send(NodeLink link, String why) {
    link.drain(why);
    return true;
  }

  private NodeStatus status(NodeSnapshot node) {
    Optional<NodeLink> link = cluster.link(node.id());
    return new NodeStatus(
        node,
        link.isPresent(),
        link.map(NodeLink::agentVersion).orElse(""),
        cluster.assignments(node.id()).size());
  }
}
