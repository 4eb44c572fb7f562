package io.lastmile.sim;

import java.util.Arrays;

/**
 * Minimum-cost flow on a directed graph with integer capacities and non-negative integer costs, by
 * successive shortest paths: Dijkstra on reduced costs (node potentials), one augmentation per
 * path. Exact for integer data; the flow it finds is integral.
 */
public final class MinCostFlow {
  private int nodes;
  private int edges;
  private int[] head;
  private int[] next = new int[16];
  private int[] to = new int[16];
  private long[] cap = new long[16];
  private long[] cost = new long[16];
  private long[] flow = new long[16];

  public MinCostFlow(int nodes) {
    this.nodes = nodes;
    head = new int[Math.max(nodes, 1)];
    Arrays.fill(head, -1);
  }

  /** Adds a node and returns its index. */
  public int addNode() {
    if (nodes == head.length) {
      int old = head.length;
      head = Arrays.copyOf(head, old * 2);
      Arrays.fill(head, old, head.length, -1);
    }
    return nodes++;
  }

  public int nodes() {
    return nodes;
  }

  /** Adds an edge of capacity {@code capacity} at {@code unitCost} per unit; returns its id. */
  public int addEdge(int from, int toNode, long capacity, long unitCost) {
    if (capacity < 0 || unitCost < 0) {
      throw new IllegalArgumentException(
          "edge %d->%d needs capacity and cost >= 0, got %d and %d"
              .formatted(from, toNode, capacity, unitCost));
    }
    if (from < 0 || from >= nodes || toNode < 0 || toNode >= nodes) {
      throw new IllegalArgumentException(
          "edge %d->%d names a node outside 0..%d".formatted(from, toNode, nodes - 1));
    }
    int id = edges;
    link(from, toNode, capacity, unitCost);
    link(toNode, from, 0, -unitCost);
    return id;
  }

  private void link(int from, int toNode, long capacity, long unitCost) {
    if (edges == to.length) {
      int n = edges * 2;
      next = Arrays.copyOf(next, n);
      to = Arrays.copyOf(to, n);
      cap = Arrays.copyOf(cap, n);
      cost = Arrays.copyOf(cost, n);
      flow = Arrays.copyOf(flow, n);
    }
    to[edges] = toNode;
    cap[edges] = capacity;
    cost[edges] = unitCost;
    next[edges] = head[from];
    head[from] = edges++;
  }

  /** Flow on an edge returned by {@link #addEdge}. */
  public long flow(int edge) {
    return flow[edge];
  }

  /**
   * Sends up to {@code limit} units from {@code source} to {@code sink} at least total cost;
   * returns the units sent (less than {@code limit} when the sink cannot take more).
   */
  public long solve(int source, int sink, long limit) {
    long[] potential = new long[nodes];
    long[] dist = new long[nodes];
    int[] via = new int[nodes];
    boolean[] done = new boolean[nodes];
    Heap heap = new Heap(nodes);
    long sent = 0;
    while (sent < limit) {
      Arrays.fill(dist, Long.MAX_VALUE);
      Arrays.fill(done, false);
      dist[source] = 0;
      heap.push(0, source);
      while (!heap.isEmpty()) {
        int u = heap.pop();
        if (done[u]) {
          continue;
        }
        done[u] = true;
        if (u == sink) {
          break;
        }
        for (int e = head[u]; e >= 0; e = next[e]) {
          int v = to[e];
          if (cap[e] - flow[e] <= 0 || done[v]) {
            continue;
          }
          long d = dist[u] + cost[e] + potential[u] - potential[v];
          if (d < dist[v]) {
            dist[v] = d;
            via[v] = e;
            heap.push(d, v);
          }
        }
      }
      heap.clear();
      if (!done[sink]) {
        return sent;
      }
      long reach = dist[sink];
      for (int v = 0; v < nodes; v++) {
        potential[v] += done[v] ? dist[v] : reach;
      }
      long push = limit - sent;
      for (int v = sink; v != source; v = to[via[v] ^ 1]) {
        push = Math.min(push, cap[via[v]] - flow[via[v]]);
      }
      for (int v = sink; v != source; v = to[via[v] ^ 1]) {
        flow[via[v]] += push;
        flow[via[v] ^ 1] -= push;
      }
      sent += push;
    }
    return sent;
  }

  /** A binary min-heap of (key, node) pairs with duplicates; stale entries are skipped. */
  private static final class Heap {
    private long[] keys;
    private int[] vals;
    private int size;

    Heap(int capacity) {
      keys = new long[Math.max(capacity, 4)];
      vals = new int[keys.length];
    }

    boolean isEmpty() {
      return size == 0;
    }

    void clear() {
      size = 0;
    }

    void push(long key, int val) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        vals = Arrays.copyOf(vals, size * 2);
      }
      int i = size++;
      while (i > 0 && keys[(i - 1) / 2] > key) {
        keys[i] = keys[(i - 1) / 2];
        vals[i] = vals[(i - 1) / 2];
        i = (i - 1) / 2;
      }
      keys[i] = key;
      vals[i] = val;
    }

    int pop() {
      int top = vals[0];
      long key = keys[--size];
      int val = vals[size];
      int i = 0;
      while (2 * i + 1 < size) {
        int c = 2 * i + 1;
        if (c + 1 < size && keys[c + 1] < keys[c]) {
          c++;
        }
        if (keys[c] >= key) {
          break;
        }
        keys[i] = keys[c];
        vals[i] = vals[c];
        i = c;
      }
      keys[i] = key;
      vals[i] = val;
      return top;
    }
  }
}
