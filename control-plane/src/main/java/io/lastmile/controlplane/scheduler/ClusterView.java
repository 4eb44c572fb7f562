package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * An immutable picture of the cluster that one scheduling decision reads: nodes, round trips,
 * prices and the time. Nodes are also grouped by locality (region, jurisdiction, market zone), so
 * constraints that depend only on where a node is are judged once per locality, not once per node.
 */
public final class ClusterView {
  /** Book used when the caller has no prices: energy cost is unknown everywhere. */
  public static final PriceBook NO_PRICES = PriceBook.empty("EUR");

  private final NodeColumns columns;
  private final List<NodeSnapshot> nodeList;
  private final LatencyMap latency;
  private final Instant now;
  private final PriceBook prices;
  private final Localities localities;

  public ClusterView(List<NodeSnapshot> nodes, LatencyMap latency, Instant now) {
    this(nodes, latency, now, NO_PRICES);
  }

  public ClusterView(List<NodeSnapshot> nodes, LatencyMap latency, Instant now, PriceBook prices) {
    this(nodes.toArray(NodeSnapshot[]::new), latency, now, prices);
  }

  private ClusterView(NodeSnapshot[] nodes, LatencyMap latency, Instant now, PriceBook prices) {
    this(grouped(nodes), latency, now, prices);
  }

  private ClusterView(Grouped grouped, LatencyMap latency, Instant now, PriceBook prices) {
    this(grouped.columns, latency, now, prices, grouped.localities);
  }

  private ClusterView(
      NodeColumns columns,
      LatencyMap latency,
      Instant now,
      PriceBook prices,
      Localities localities) {
    this.columns = columns;
    this.nodeList = new NodeList(columns, localities);
    this.latency = latency;
    this.now = now;
    this.prices = prices;
    this.localities = localities;
  }

  private record Grouped(NodeColumns columns, Localities localities) {}

  private static Grouped grouped(NodeSnapshot[] nodes) {
    Localities localities = Localities.of(nodes);
    NodeSnapshot[] inOrder = new NodeSnapshot[nodes.length];
    for (int k = 0; k < nodes.length; k++) {
      inOrder[k] = nodes[localities.node(k)];
    }
    return new Grouped(NodeColumns.of(inOrder, localities.groupOf()), localities);
  }

  /** The nodes in the order the view was built with, read through the columns. */
  private static final class NodeList extends AbstractList<NodeSnapshot> implements RandomAccess {
    private final NodeColumns columns;
    private final Localities localities;

    NodeList(NodeColumns columns, Localities localities) {
      this.columns = columns;
      this.localities = localities;
    }

    @Override
    public NodeSnapshot get(int index) {
      Objects.checkIndex(index, columns.size());
      return columns.node(localities.position(index));
    }

    @Override
    public int size() {
      return columns.size();
    }
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
    return i == null ? Optional.empty() : Optional.of(node(i));
  }

  /**
   * This view with one node replaced by {@code updated} (same id), for example after a placement
   * reserved GPUs on it. Copies one chunk of the node columns; the locality grouping is shared when
   * the node stays where it was (otherwise the view is rebuilt).
   *
   * @throws IllegalArgumentException when the view has no node with that id
   */
  public ClusterView withNode(NodeSnapshot updated) {
    Integer i = localities.indexById().get(updated.id());
    if (i == null) {
      throw new IllegalArgumentException("no node " + updated.id() + " in this view");
    }
    int k = localities.position(i);
    if (!Localities.sameLocality(columns.node(k), updated)) {
      NodeSnapshot[] copy = nodeList.toArray(NodeSnapshot[]::new);
      copy[i] = updated;
      return new ClusterView(copy, latency, now, prices);
    }
    return new ClusterView(columns.with(k, updated), latency, now, prices, localities);
  }

  /**
   * A view of {@code current}, the fleet's nodes now, that shares this view's locality grouping, id
   * ranks and look-ups when {@code current} holds the same nodes in the same order and places as
   * this view: only the nodes that changed are copied in ({@link NodeColumns#with}), so a
   * scheduling cycle over an unchanged fleet neither groups nor sorts it again. A node joining,
   * leaving or moving to another locality builds the view from scratch.
   */
  public ClusterView updatedTo(
      List<NodeSnapshot> current, LatencyMap latency, Instant now, PriceBook prices) {
    int n = columns.size();
    if (current.size() != n) {
      return new ClusterView(current, latency, now, prices);
    }
    int[] changed = new int[Math.min(n, 16)];
    NodeSnapshot[] replaced = new NodeSnapshot[changed.length];
    int count = 0;
    for (int i = 0; i < n; i++) {
      NodeSnapshot was = node(i);
      NodeSnapshot is = current.get(i);
      if (!was.id().equals(is.id())
          || (was.info() != is.info() && !Localities.sameLocality(was, is))) {
        return new ClusterView(current, latency, now, prices);
      }
      if (was != is && !was.equals(is)) {
        if (count == changed.length) {
          changed = Arrays.copyOf(changed, 2 * count);
          replaced = Arrays.copyOf(replaced, 2 * count);
        }
        changed[count] = localities.position(i);
        replaced[count++] = is;
      }
    }
    NodeColumns updated = count == 0 ? columns : columns.with(changed, replaced, count);
    return new ClusterView(updated, latency, now, prices, localities);
  }

  public ClusterView withPrices(PriceBook updated) {
    return new ClusterView(columns, latency, now, updated, localities);
  }

  public ClusterView at(Instant time) {
    return new ClusterView(columns, latency, time, prices, localities);
  }

  /**
   * The round trip in ms from {@code origin} to the region of each locality of {@link #columns()}
   * ({@link NodeColumns#locality}), {@code NaN} where unknown. Shared: not to be modified.
   */
  public double[] roundTripsFrom(String origin) {
    return localities.roundTripsFrom(latency, origin);
  }

  /**
   * The average price per MWh in the market zone of each locality of {@link #columns()} over {@code
   * [now, now + length)} ({@link PriceBook#averagePricePerMwh}), {@code NaN} where unknown. Shared:
   * not to be modified.
   */
  public double[] averagePricesPerMwh(Duration length) {
    return localities.averagePricesPerMwh(prices, now, length);
  }

  NodeSnapshot node(int index) {
    return columns.node(localities.position(index));
  }

  /** The nodes in locality order, column by column. */
  public NodeColumns columns() {
    return columns;
  }

  Localities localities() {
    return localities;
  }
}
