package io.lastmile.controlplane.scheduler;

/**
 * One chunk of {@link NodeColumns} positions, column by column, with a summary of the chunk (how
 * many nodes are not ready, the least free CPU and memory) that lets a filter keep every node of
 * the chunk without reading them one by one.
 */
final class ColumnChunk {
  static final int SHIFT = 7;
  static final int SIZE = 1 << SHIFT;
  private static final byte READY = (byte) NodeCondition.READY.ordinal();

  final NodeSnapshot[] node;
  final byte[] condition;
  final int[] freeGpus;
  final long[] minFreeGpuMemoryMiB;
  final long[] maxFreeGpuMemoryMiB;
  final int[] freeCpuMillis;
  final long[] freeMemoryMiB;
  final int[] allocatedGpus;
  final int[] hardware;
  final int[] labelSet;
  final double[] powerDrawW;
  private int notReady;
  private int leastFreeCpuMillis;
  private long leastFreeMemoryMiB;

  ColumnChunk() {
    node = new NodeSnapshot[SIZE];
    condition = new byte[SIZE];
    freeGpus = new int[SIZE];
    minFreeGpuMemoryMiB = new long[SIZE];
    maxFreeGpuMemoryMiB = new long[SIZE];
    freeCpuMillis = new int[SIZE];
    freeMemoryMiB = new long[SIZE];
    allocatedGpus = new int[SIZE];
    hardware = new int[SIZE];
    labelSet = new int[SIZE];
    powerDrawW = new double[SIZE];
  }

  private ColumnChunk(ColumnChunk c) {
    node = c.node.clone();
    condition = c.condition.clone();
    freeGpus = c.freeGpus.clone();
    minFreeGpuMemoryMiB = c.minFreeGpuMemoryMiB.clone();
    maxFreeGpuMemoryMiB = c.maxFreeGpuMemoryMiB.clone();
    freeCpuMillis = c.freeCpuMillis.clone();
    freeMemoryMiB = c.freeMemoryMiB.clone();
    allocatedGpus = c.allocatedGpus.clone();
    hardware = c.hardware.clone();
    labelSet = c.labelSet.clone();
    powerDrawW = c.powerDrawW.clone();
  }

  ColumnChunk copy() {
    return new ColumnChunk(this);
  }

  void set(int slot, NodeSnapshot n, int hardwareId, int labelSetId) {
    node[slot] = n;
    condition[slot] = (byte) n.condition().ordinal();
    freeGpus[slot] = n.freeGpuCount();
    minFreeGpuMemoryMiB[slot] = n.minFreeGpuMemoryMiB();
    maxFreeGpuMemoryMiB[slot] = n.maxFreeGpuMemoryMiB();
    freeCpuMillis[slot] = n.freeCpuMillis();
    freeMemoryMiB[slot] = n.freeMemoryMiB();
    allocatedGpus[slot] = n.allocatedGpus().size();
    hardware[slot] = hardwareId;
    labelSet[slot] = labelSetId;
    powerDrawW[slot] = n.powerDrawW();
  }

  /** Recomputes the summary over the first {@code used} slots, once they are all set. */
  void summarize(int used) {
    notReady = 0;
    leastFreeCpuMillis = Integer.MAX_VALUE;
    leastFreeMemoryMiB = Long.MAX_VALUE;
    for (int slot = 0; slot < used; slot++) {
      if (condition[slot] != READY) {
        notReady++;
      }
      leastFreeCpuMillis = Math.min(leastFreeCpuMillis, freeCpuMillis[slot]);
      leastFreeMemoryMiB = Math.min(leastFreeMemoryMiB, freeMemoryMiB[slot]);
    }
  }

  boolean allReady() {
    return notReady == 0;
  }

  int leastFreeCpuMillis() {
    return leastFreeCpuMillis;
  }

  long leastFreeMemoryMiB() {
    return leastFreeMemoryMiB;
  }
}
