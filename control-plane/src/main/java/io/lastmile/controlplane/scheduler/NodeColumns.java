package io.lastmile.controlplane.scheduler;

import io.lastmile.controlplane.domain.NodeInfo;
import java.util.Map;

/**
 * The nodes of a {@link ClusterView} in locality order, with the facts every decision reads of
 * every node kept in primitive arrays, so filters and scorers scan them without touching the {@link
 * NodeSnapshot} objects. Position {@code k} is the {@code k}-th node in locality order.
 *
 * <p>Immutable and persistent: the positions are split into chunks, and {@link #with} copies only
 * the chunk that changes (and the small array of chunks), so binding a placement costs the same on
 * a fleet of 1,000 or 50,000 nodes.
 *
 * <p>What a node is built of (GPUs, PUE, site power cap) and its labels are kept as the numbers of
 * its {@link NodeProfiles} entries: a decision judges each distinct profile or label set once.
 */
public final class NodeColumns {
  private static final int SHIFT = 7;
  private static final int CHUNK = 1 << SHIFT;
  private static final int MASK = CHUNK - 1;
  private static final NodeCondition[] CONDITIONS = NodeCondition.values();

  private final Chunk[] chunks;
  private final int size;
  private final int[] localityOf;
  private final NodeProfiles profiles;

  private NodeColumns(Chunk[] chunks, int size, int[] localityOf, NodeProfiles profiles) {
    this.chunks = chunks;
    this.size = size;
    this.localityOf = localityOf;
    this.profiles = profiles;
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
    NodeProfiles profiles = NodeProfiles.of(inOrder);
    for (int k = 0; k < inOrder.length; k++) {
      NodeInfo info = inOrder[k].info();
      chunks[k >>> SHIFT].set(
          k & MASK, inOrder[k], profiles.hardwareId(info), profiles.labelSetId(info));
    }
    return new NodeColumns(chunks, inOrder.length, localityOf, profiles);
  }

  /** These columns with the node at position {@code k} replaced; copies one chunk. */
  NodeColumns with(int k, NodeSnapshot node) {
    Chunk[] copy = chunks.clone();
    Chunk chunk = chunks[k >>> SHIFT].copy();
    NodeProfiles p = profiles;
    int slot = k & MASK;
    if (chunk.node[slot].info() == node.info()) {
      chunk.set(slot, node, chunk.hardware[slot], chunk.labelSet[slot]);
    } else {
      p = profiles.with(node.info());
      chunk.set(slot, node, p.hardwareId(node.info()), p.labelSetId(node.info()));
    }
    copy[k >>> SHIFT] = chunk;
    NodeColumns out = new NodeColumns(copy, size, localityOf, p);
    return p.hardwareCount() + p.labelSetCount() > 2 * size + 64 ? out.renumbered() : out;
  }

  /** These columns with tables holding only the profiles and label sets of the current nodes. */
  private NodeColumns renumbered() {
    NodeSnapshot[] inOrder = new NodeSnapshot[size];
    for (int k = 0; k < size; k++) {
      inOrder[k] = node(k);
    }
    return of(inOrder, localityOf);
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
    return profiles.gpuCount(hardware(k));
  }

  /** Size of the node's allocated GPU set. */
  public int allocatedGpuCount(int k) {
    return chunks[k >>> SHIFT].allocatedGpus[k & MASK];
  }

  public double sitePowerCapKw(int k) {
    return profiles.sitePowerCapKw(hardware(k));
  }

  public double powerDrawW(int k) {
    return chunks[k >>> SHIFT].powerDrawW[k & MASK];
  }

  public double maxGpuPowerLimitW(int k) {
    return profiles.maxGpuPowerLimitW(hardware(k));
  }

  public boolean everyGpuReportsPower(int k) {
    return profiles.everyGpuReportsPower(hardware(k));
  }

  /** The model of every GPU of the node; null when the node has none or mixes models. */
  public String gpuModel(int k) {
    return profiles.model(hardware(k));
  }

  public double pue(int k) {
    return profiles.pue(hardware(k));
  }

  /**
   * Number of the node's hardware profile (its GPUs with their models and power limits, PUE and
   * site power cap), below {@link #hardwareProfiles()}; nodes with equal profiles share it.
   */
  public int hardware(int k) {
    return chunks[k >>> SHIFT].hardware[k & MASK];
  }

  /** How many distinct hardware profiles the fleet has had. */
  public int hardwareProfiles() {
    return profiles.hardwareCount();
  }

  /** The model of every GPU of profile {@code h}; null when it has none or mixes models. */
  public String modelOf(int h) {
    return profiles.model(h);
  }

  /**
   * Number of the model of every GPU of profile {@code h}, below {@link #gpuModels()}; -1 when it
   * has none or mixes models.
   */
  public int modelIdOf(int h) {
    return profiles.modelId(h);
  }

  /** How many distinct single-model GPU sets the fleet's profiles have. */
  public int gpuModels() {
    return profiles.modelCount();
  }

  /** Number of the node's label set, below {@link #labelSets()}; equal sets share it. */
  public int labelSet(int k) {
    return chunks[k >>> SHIFT].labelSet[k & MASK];
  }

  /** How many distinct label sets the fleet has had. */
  public int labelSets() {
    return profiles.labelSetCount();
  }

  /** The labels of label set {@code id}. */
  public Map<String, String> labels(int id) {
    return profiles.labels(id);
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
    final int[] allocatedGpus;
    final int[] hardware;
    final int[] labelSet;
    final double[] powerDrawW;

    Chunk() {
      node = new NodeSnapshot[CHUNK];
      condition = new byte[CHUNK];
      freeGpus = new int[CHUNK];
      minFreeGpuMemoryMiB = new long[CHUNK];
      maxFreeGpuMemoryMiB = new long[CHUNK];
      freeCpuMillis = new int[CHUNK];
      freeMemoryMiB = new long[CHUNK];
      allocatedGpus = new int[CHUNK];
      hardware = new int[CHUNK];
      labelSet = new int[CHUNK];
      powerDrawW = new double[CHUNK];
    }

    private Chunk(Chunk c) {
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

    Chunk copy() {
      return new Chunk(this);
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
  }
}
