package io.lastmile.controlplane.scheduler;

/**
 * One chunk of {@link NodeColumns} positions, column by column, with a summary of the chunk (how
 * many nodes are not ready, the least free CPU, memory and memory of a free GPU) that lets a filter
 * keep every node of the chunk without reading them one by one, and a bit per slot telling which
 * nodes have a site power cap (a quarter of the nodes, say), so the others pass that filter on one
 * bit.
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

  /**
   * Bit {@code slot & 63} of word {@code slot >>> 6}: the node at that slot has a site power cap.
   */
  private final long[] capped;

  private int notReady;
  private int leastFreeCpuMillis;
  private long leastFreeMemoryMiB;
  private long leastFreeGpuMemoryMiB;

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
    capped = new long[SIZE / 64];
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
    capped = c.capped.clone();
  }

  ColumnChunk copy() {
    return new ColumnChunk(this);
  }

  /**
   * @param siteCapped whether the node's site has a power cap (a fact of its hardware profile)
   */
  void set(int slot, NodeSnapshot n, int hardwareId, int labelSetId, boolean siteCapped) {
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
    long bit = 1L << slot;
    capped[slot >>> 6] = siteCapped ? capped[slot >>> 6] | bit : capped[slot >>> 6] & ~bit;
  }

  /** Whether the node at {@code slot} has a site power cap. */
  boolean siteCapped(int slot) {
    return (capped[slot >>> 6] & (1L << slot)) != 0;
  }

  /** The site power cap bits of the 64 slots that hold {@code slot}. */
  long siteCappedWord(int slot) {
    return capped[slot >>> 6];
  }

  /** Recomputes the summary over the first {@code used} slots, once they are all set. */
  void summarize(int used) {
    notReady = 0;
    leastFreeCpuMillis = Integer.MAX_VALUE;
    leastFreeMemoryMiB = Long.MAX_VALUE;
    leastFreeGpuMemoryMiB = Long.MAX_VALUE;
    for (int slot = 0; slot < used; slot++) {
      if (freeGpus[slot] > 0) {
        leastFreeGpuMemoryMiB = Math.min(leastFreeGpuMemoryMiB, minFreeGpuMemoryMiB[slot]);
      }
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

  /** The least free memory of any free GPU of the chunk's nodes; {@code Long.MAX_VALUE} if none. */
  long leastFreeGpuMemoryMiB() {
    return leastFreeGpuMemoryMiB;
  }
}
