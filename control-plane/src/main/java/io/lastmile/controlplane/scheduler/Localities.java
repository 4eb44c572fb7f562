package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.NodeInfo;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.PriceBook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Nodes grouped by where they are: the same region, jurisdiction and market zone. Group {@code g}
 * holds the positions {@code start[g] .. start[g + 1] - 1}; position {@code k} is the node index
 * {@code order[k]}, in node order within a group.
 */
final class Localities {
  private final int[] order;
  private final int[] position;
  private final int[] groupOf;
  private final int[] start;
  private final Map<String, Integer> indexById;
  private final String[] region;
  private final String[] marketZone;
  private final String[] idByPosition;
  private volatile RoundTrips roundTrips;
  private volatile AveragePrices averagePrices;
  private volatile int[] idRanks;

  /** Round trips from origins to each group's region, for one latency map. */
  private record RoundTrips(LatencyMap latency, Map<String, double[]> byOrigin) {}

  /** More origins than any fleet has regions: the cache starts over rather than grow. */
  private static final int MAX_ORIGINS = 4096;

  /** Average prices in each group's market zone over windows from one start, for one book. */
  private record AveragePrices(PriceBook prices, Instant start, Map<Duration, double[]> byLength) {}

  /** Window lengths remembered per start before the cache starts over. */
  private static final int MAX_WINDOWS = 4096;

  private record Key(String region, String jurisdiction, String marketZone) {
    static Key of(NodeInfo info) {
      return new Key(info.region(), info.jurisdiction(), info.marketZone());
    }
  }

  private Localities(
      int[] order,
      int[] start,
      Map<String, Integer> indexById,
      String[] region,
      String[] marketZone,
      String[] idByPosition) {
    this.order = order;
    this.marketZone = marketZone;
    this.idByPosition = idByPosition;
    this.region = region;
    this.start = start;
    this.indexById = indexById;
    this.position = new int[order.length];
    this.groupOf = new int[order.length];
    for (int k = 0; k < order.length; k++) {
      position[order[k]] = k;
    }
    for (int g = 0; g + 1 < start.length; g++) {
      for (int k = start[g]; k < start[g + 1]; k++) {
        groupOf[k] = g;
      }
    }
  }

  static Localities of(NodeSnapshot[] nodes) {
    Map<Key, List<Integer>> groups = new LinkedHashMap<>();
    Map<String, Integer> byId = new HashMap<>(nodes.length * 2);
    for (int i = 0; i < nodes.length; i++) {
      groups.computeIfAbsent(Key.of(nodes[i].info()), k -> new ArrayList<>()).add(i);
      if (byId.put(nodes[i].id(), i) != null) {
        throw new IllegalArgumentException("node " + nodes[i].id() + " appears twice in the view");
      }
    }
    int[] order = new int[nodes.length];
    int[] start = new int[groups.size() + 1];
    String[] region = new String[groups.size()];
    String[] zone = new String[groups.size()];
    String[] ids = new String[nodes.length];
    int g = 0;
    int k = 0;
    for (Map.Entry<Key, List<Integer>> group : groups.entrySet()) {
      region[g] = group.getKey().region();
      zone[g] = group.getKey().marketZone();
      start[g++] = k;
      for (int i : group.getValue()) {
        ids[k] = nodes[i].id();
        order[k++] = i;
      }
    }
    start[g] = k;
    return new Localities(order, start, byId, region, zone, ids);
  }

  static boolean sameLocality(NodeSnapshot a, NodeSnapshot b) {
    return Key.of(a.info()).equals(Key.of(b.info()));
  }

  int count() {
    return start.length - 1;
  }

  int start(int group) {
    return start[group];
  }

  int end(int group) {
    return start[group + 1];
  }

  /** Index into the view's nodes of the {@code k}-th node in group order. */
  int node(int k) {
    return order[k];
  }

  /** Position in group order of the node with index {@code i}. */
  int position(int i) {
    return position[i];
  }

  /** The group of each position; shared, not to be modified. */
  int[] groupOf() {
    return groupOf;
  }

  /**
   * The round trip from {@code origin} to each group's region ({@code NaN} where unknown), looked
   * up once per origin and latency map and shared by the views that share these groups.
   */
  double[] roundTripsFrom(LatencyMap latency, String origin) {
    RoundTrips cached = roundTrips;
    if (cached == null || cached.latency() != latency || cached.byOrigin().size() > MAX_ORIGINS) {
      cached = new RoundTrips(latency, new ConcurrentHashMap<>());
      roundTrips = cached;
    }
    return cached.byOrigin().computeIfAbsent(origin, o -> lookUp(latency, o));
  }

  private double[] lookUp(LatencyMap latency, String origin) {
    double[] out = new double[count()];
    for (int g = 0; g < out.length; g++) {
      out[g] = latency.rttMs(origin, region[g]);
    }
    return out;
  }

  /**
   * The average price per MWh in each group's market zone over {@code [start, start + length)}
   * ({@code NaN} where unknown), looked up once per window and shared by the views that share these
   * groups and price book.
   */
  double[] averagePricesPerMwh(PriceBook prices, Instant start, Duration length) {
    AveragePrices cached = averagePrices;
    if (cached == null
        || cached.prices() != prices
        || !cached.start().equals(start)
        || cached.byLength().size() > MAX_WINDOWS) {
      cached = new AveragePrices(prices, start, new ConcurrentHashMap<>());
      averagePrices = cached;
    }
    return cached.byLength().computeIfAbsent(length, d -> lookUp(prices, start, d));
  }

  private double[] lookUp(PriceBook prices, Instant start, Duration length) {
    double[] out = new double[count()];
    for (int g = 0; g < out.length; g++) {
      out[g] = prices.averagePricePerMwh(marketZone[g], start, length);
    }
    return out;
  }

  /**
   * The rank of each position's node id in string order (0 for the smallest id), so that ties are
   * broken by comparing numbers; computed on first use and shared by the views over these groups (a
   * node keeps its id and position when it changes in place).
   */
  int[] idRanks() {
    int[] ranks = idRanks;
    if (ranks == null) {
      String[] sorted = idByPosition.clone();
      Arrays.sort(sorted);
      ranks = new int[sorted.length];
      for (int k = 0; k < ranks.length; k++) {
        ranks[k] = Arrays.binarySearch(sorted, idByPosition[k]);
      }
      idRanks = ranks;
    }
    return ranks;
  }

  Map<String, Integer> indexById() {
    return indexById;
  }
}
