package io.lastmile.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinCostFlowTest {

  /**
   * Sources 1..n with {@code supply}, destinations after them with {@code room}, source 0, sink
   * last; {@code cost[i][j] < 0} leaves out the edge. Solves and returns the flow on each edge.
   */
  private static long[][] transport(long[] supply, long[][] cost, long[] room) {
    int n = supply.length;
    int m = room.length;
    int sink = n + m + 1;
    MinCostFlow g = new MinCostFlow(sink + 1);
    int[][] edge = new int[n][m];
    for (int i = 0; i < n; i++) {
      g.addEdge(0, 1 + i, supply[i], 0);
      for (int j = 0; j < m; j++) {
        edge[i][j] = cost[i][j] < 0 ? -1 : g.addEdge(1 + i, 1 + n + j, 100, cost[i][j]);
      }
    }
    for (int j = 0; j < m; j++) {
      g.addEdge(1 + n + j, sink, room[j], 0);
    }
    long total = 0;
    for (long s : supply) {
      total += s;
    }
    assertThat(g.solve(0, sink, total)).isEqualTo(total);
    long[][] flow = new long[n][m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        flow[i][j] = edge[i][j] < 0 ? 0 : g.flow(edge[i][j]);
      }
    }
    return flow;
  }

  @Test
  void transportationProblemFillsTheCheapDestinationWithTheSourceThatGainsMost() {
    // A (3 units) and B (2) to X (room 4) and Y (room 10): A-X 1, A-Y 5, B-X 2, B-Y 3.
    long[][] cost = {{1, 5}, {2, 3}};

    long[][] flow = transport(new long[] {3, 2}, cost, new long[] {4, 10});

    assertThat(flow).isDeepEqualTo(new long[][] {{3, 0}, {1, 1}});
    assertThat(flow[0][0] + 5 * flow[0][1] + 2 * flow[1][0] + 3 * flow[1][1]).isEqualTo(8);
  }

  @Test
  void anEarlierCheapChoiceIsUndoneWhenALaterSourceHasNoOtherWay() {
    // A may use X (1) or Y (2); B only X (5); X and Y take one unit each. The first path puts A on
    // X; B then reaches X only by moving A to Y: cost 2 + 5 = 7.
    long[][] flow = transport(new long[] {1, 1}, new long[][] {{1, 2}, {5, -1}}, new long[] {1, 1});

    assertThat(flow).isDeepEqualTo(new long[][] {{0, 1}, {1, 0}});
  }

  @Test
  void sendsOnlyWhatTheSinkCanTake() {
    MinCostFlow g = new MinCostFlow(3);
    g.addEdge(0, 1, 10, 4);
    int last = g.addEdge(1, 2, 6, 0);

    assertThat(g.solve(0, 2, 10)).isEqualTo(6);
    assertThat(g.flow(last)).isEqualTo(6);
  }

  @Test
  void addedNodesCanBeLinked() {
    MinCostFlow g = new MinCostFlow(0);
    int s = g.addNode();
    int t = g.addNode();
    int e = g.addEdge(s, t, 7, 1);

    assertThat(g.solve(s, t, 100)).isEqualTo(7);
    assertThat(g.flow(e)).isEqualTo(7);
    assertThat(g.nodes()).isEqualTo(2);
  }

  @Test
  void negativeCostIsRefusedNamingTheEdge() {
    MinCostFlow g = new MinCostFlow(2);

    assertThatThrownBy(() -> g.addEdge(0, 1, 1, -3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0->1")
        .hasMessageContaining("-3");
  }
}
