package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.GpuDevice;
import java.util.List;

/**
 * The nodes of a {@link ClusterView} in locality order, with the facts every decision reads of
 * every node kept in primitive arrays, so filters and scorers scan them without touching the {@link
 * NodeSnapshot} objects. Position {@code k} is the {@code k}-th node in locality order.
 *
 * <p>Immutable and persistent: the positions are split into chunks, and {@link #with} copies only
 * the chunk that changes (and the small array of chunks), so binding a placement costs the same on
 * a fleet of 1,000 or 50,000 nodes.
 */
public final class NodeColumns {
  private static final int SHIFT = 7;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;
  private static final NodeCondition[] CONDITIONS = NodeCondition.values();

  private final Chunk[] chunks;
  private final int size;
  private final int[] localityOf;

  private NodeColumns(Chunk[] chunks, int size, int[] localityOf) {
    this.chunks = chunks;
    this.size = size;
    this.localityOf = localityOf;
  }

  /**
   * @param inOrder the nodes in locality order
   * @param localityOf the locality of each position
   */
  static NodeColumns of(NodeSnapshot[] inOrder, int[] localityOf) {
    Chunk[] chunks = new Chunk[(inOrder.length + MASK) >>> SHIFT];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new Chunk();
    }
    for (int k = 0; k < inOrder.length; k++) {
      chunks[k >>> SHIFT].set(k & MASK, inOrder[k]);
    }
    return new NodeColumns(chunks, inOrder.length, localityOf);
  }

  /** These columns with the node at position {@code k} replaced; copies one chunk. */
  NodeColumns with(int k, NodeSnapshot node) {
    Chunk[] copy = chunks.clone();
    Chunk chunk = chunks[k >>> SHIFT].copy();
    chunk.set(k & MASK, node);
    copy[k >>> SHIFT] = chunk;
    return new NodeColumns(copy, size, localityOf);
  }

  public int size() {
    return size;
  }

  public NodeSnapshot node(int k) {
    return chunks[k >>> SHIFT].node[k & MASK];
  }

  /** Index of the node's locality; positions of one locality are contiguous. */
  public int locality(int k) {
    return localityOf[k];
  }

  public NodeCondition condition(int k) {
    return CONDITIONS[chunks[k >>> SHIFT].condition[k & MASK]];
  }

  public int freeGpuCount(int k) {
    return chunks[k >>> SHIFT].freeGpus[k & MASK];
  }

  public long minFreeGpuMemoryMiB(int k) {
    return chunks[k >>> SHIFT].minFreeGpuMemoryMiB[k & MASK];
  }

  public long maxFreeGpuMemoryMiB(int k) {
    return chunks[k >>> SHIFT].maxFreeGpuMemoryMiB[k & MASK];
  }

  public int freeCpuMillis(int k) {
    return chunks[k >>> SHIFT].freeCpuMillis[k & MASK];
  }

  public long freeMemoryMiB(int k) {
    return chunks[k >>> SHIFT].freeMemoryMiB[k & MASK];
  }

  public int gpuCount(int k) {
    return chunks[k >>> SHIFT].gpuCount[k & MASK];
  }

  /** Size of the node's allocated GPU set. */
  public int allocatedGpuCount(int k) {
    return chunks[k >>> SHIFT].allocatedGpus[k & MASK];
  }

  public double sitePowerCapKw(int k) {
    return chunks[k >>> SHIFT].sitePowerCapKw[k & MASK];
  }

  public double powerDrawW(int k) {
    return chunks[k >>> SHIFT].powerDrawW[k & MASK];
  }

  public double maxGpuPowerLimitW(int k) {
    return chunks[k >>> SHIFT].maxGpuPowerLimitW[k & MASK];
  }

  public boolean everyGpuReportsPower(int k) {
    return chunks[k >>> SHIFT].everyGpuReportsPower[k & MASK];
  }

  /** The model of every GPU of the node; null when the node has none or mixes models. */
  public String gpuModel(int k) {
    return chunks[k >>> SHIFT].gpuModel[k & MASK];
  }

  public double pue(int k) {
    return chunks[k >>> SHIFT].pue[k & MASK];
  }

  /** One chunk of positions, column by column. */
  private static final class Chunk {
    final NodeSnapshot[] node;
    final byte[] condition;
    final int[] freeGpus;
    final long[] minFreeGpuMemoryMiB;
    final long[] maxFreeGpuMemoryMiB;
    final int[] freeCpuMillis;
    final long[] freeMemoryMiB;
    final int[] gpuCount;
    final int[] allocatedGpus;
    final double[] sitePowerCapKw;
    final double[] powerDrawW;
    final double[] maxGpuPowerLimitW;
    final boolean[] everyGpuReportsPower;
    final double[] pue;
    final String[] gpuModel;

    Chunk() {
      node = new NodeSnapshot[CHUNK];
      condition = new byte[CHUNK];
      freeGpus = new int[CHUNK];
      minFreeGpuMemoryMiB = new long[CHUNK];
      maxFreeGpuMemoryMiB = new long[CHUNK];
      freeCpuMillis = new int[CHUNK];
      freeMemoryMiB = new long[CHUNK];
      gpuCount = new int[CHUNK];
      allocatedGpus = new int[CHUNK];
      sitePowerCapKw = new double[CHUNK];
      powerDrawW = new double[CHUNK];
      maxGpuPowerLimitW = new double[CHUNK];
      everyGpuReportsPower = new boolean[CHUNK];
      pue = new double[CHUNK];
      gpuModel = new String[CHUNK];
    }

    private Chunk(Chunk c) {
      node = c.node.clone();
      condition = c.condition.clone();
      freeGpus = c.freeGpus.clone();
      minFreeGpuMemoryMiB = c.minFreeGpuMemoryMiB.clone();
      maxFreeGpuMemoryMiB = c.maxFreeGpuMemoryMiB.clone();
      freeCpuMillis = c.freeCpuMillis.clone();
      freeMemoryMiB = c.freeMemoryMiB.clone();
      gpuCount = c.gpuCount.clone();
      allocatedGpus = c.allocatedGpus.clone();
      sitePowerCapKw = c.sitePowerCapKw.clone();
      powerDrawW = c.powerDrawW.clone();
      maxGpuPowerLimitW = c.maxGpuPowerLimitW.clone();
      everyGpuReportsPower = c.everyGpuReportsPower.clone();
      pue = c.pue.clone();
      gpuModel = c.gpuModel.clone();
    }

    Chunk copy() {
      return new Chunk(this);
    }

    void set(int slot, NodeSnapshot n) {
      node[slot] = n;
      condition[slot] = (byte) n.condition().ordinal();
      freeGpus[slot] = n.freeGpuCount();
      minFreeGpuMemoryMiB[slot] = n.minFreeGpuMemoryMiB();
      maxFreeGpuMemoryMiB[slot] = n.maxFreeGpuMemoryMiB();
      freeCpuMillis[slot] = n.freeCpuMillis();
      freeMemoryMiB[slot] = n.freeMemoryMiB();
      gpuCount[slot] = n.gpuCount();
      allocatedGpus[slot] = n.allocatedGpus().size();
      sitePowerCapKw[slot] = n.sitePowerCapKw();
      powerDrawW[slot] = n.powerDrawW();
      maxGpuPowerLimitW[slot] = n.maxGpuPowerLimitW();
      everyGpuReportsPower[slot] = n.everyGpuReportsPower();
      pue[slot] = n.info().pue();
      gpuModel[slot] = singleModel(n);
    }

    private static String singleModel(NodeSnapshot n) {
      List<GpuDevice> gpus = n.info().gpus();
      String model = gpus.isEmpty() ? null : gpus.get(0).model();
      for (GpuDevice gpu : gpus) {
        if (!gpu.model().equals(model)) {
          return null;
        }
      }
      return model;
    }
  }
}
