package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * An immutable picture of the cluster that one scheduling decision reads: nodes, round trips,
 * prices and the time. Nodes are also grouped by locality (region, jurisdiction, market zone), so
 * constraints that depend only on where a node is are judged once per locality, not once per node.
 */
public final class ClusterView {
  /** Book used when the caller has no prices: energy cost is unknown everywhere. */
  public static final PriceBook NO_PRICES = PriceBook.empty("EUR");

  private final NodeSnapshot[] nodes;
  private final List<NodeSnapshot> nodeList;
  private final LatencyMap latency;
  private final Instant now;
  private final PriceBook prices;
  private final Localities localities;

  public ClusterView(List<NodeSnapshot> nodes, LatencyMap latency, Instant now) {
    this(nodes, latency, now, NO_PRICES);
  }

  public ClusterView(List<NodeSnapshot> nodes, LatencyMap latency, Instant now, PriceBook prices) {
    this(nodes.toArray(NodeSnapshot[]::new), latency, now, prices, null);
  }

  private ClusterView(
      NodeSnapshot[] nodes,
      LatencyMap latency,
      Instant now,
      PriceBook prices,
      Localities localities) {
    this.nodes = nodes;
    this.nodeList = Collections.unmodifiableList(Arrays.asList(nodes));
    this.latency = latency;
    this.now = now;
    this.prices = prices;
    this.localities = localities != null ? localities : Localities.of(nodes);
  }

  public List<NodeSnapshot> nodes() {
    return nodeList;
  }

  public LatencyMap latency() {
    return latency;
  }

  public Instant now() {
    return now;
  }

  public PriceBook prices() {
    return prices;
  }

  public Optional<NodeSnapshot> node(String id) {
    Integer i = localities.indexById().get(id);
    return i == null ? Optional.empty() : Optional.of(nodes[i]);
  }

  /**
   * This view with one node replaced by {@code updated} (same id), for example after a placement
   * reserved GPUs on it. Costs one array copy; the locality grouping is shared when the node stays
   * where it was.
   *
   * @throws IllegalArgumentException when the view has no node with that id
   */
  public ClusterView withNode(NodeSnapshot updated) {
    Integer i = localities.indexById().get(updated.id());
    if (i == null) {
      throw new IllegalArgumentException("no node " + updated.id() + " in this view");
    }
    NodeSnapshot[] copy = nodes.clone();
    copy[i] = updated;
    boolean moved = !Localities.sameLocality(nodes[i], updated);
    return new ClusterView(copy, latency, now, prices, moved ? null : localities);
  }

  public ClusterView withPrices(PriceBook updated) {
    return new ClusterView(nodes, latency, now, updated, localities);
  }

  public ClusterView withLatency(LatencyMap updated) {
    return new ClusterView(nodes, updated, now, prices, localities);
  }

  public ClusterView at(Instant time) {
    return new ClusterView(nodes, latency, time, prices, localities);
  }

  NodeSnapshot node(int index) {
    return nodes[index];
  }

  Localities localities() {
    return localities;
  }

  /** For tests: how many localities the nodes fall into. */
  int localityCount() {
    return localities.count();
  }
}
