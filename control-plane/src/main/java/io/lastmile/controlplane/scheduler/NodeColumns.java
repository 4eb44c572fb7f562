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
 * a fleet of 1,000 or 50,000 nodes. Each chunk keeps a summary (nodes not ready, least free CPU,
 * memory and memory of a free GPU), so a filter can keep a run of candidates in one chunk without
 * reading them.
 *
 * <p>What a node is built of (GPUs, PUE, site power cap) and its labels are kept as the numbers of
 * its {@link NodeProfiles} entries: a decision judges each distinct profile or label set once.
 */
public final class NodeColumns {
  private static final int SHIFT = ColumnChunk.SHIFT;
  private static final int MASK = ColumnChunk.SIZE - 1;
  private static final NodeCondition[] CONDITIONS = NodeCondition.values();
  private static final byte READY = (byte) NodeCondition.READY.ordinal();

  private final ColumnChunk[] chunks;
  private final int size;
  private final int[] localityOf;
  private final NodeProfiles profiles;

  private NodeColumns(ColumnChunk[] chunks, int size, int[] localityOf, NodeProfiles profiles) {
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
    ColumnChunk[] chunks = new ColumnChunk[(inOrder.length + MASK) >>> SHIFT];
    for (int c = 0; c < chunks.length; c++) {
      chunks[c] = new ColumnChunk();
    }
    NodeProfiles profiles = NodeProfiles.of(inOrder);
    for (int k = 0; k < inOrder.length; k++) {
      NodeInfo info = inOrder[k].info();
      int h = profiles.hardwareId(info);
      chunks[k >>> SHIFT].set(
          k & MASK, inOrder[k], h, profiles.labelSetId(info), profiles.sitePowerCapKw(h) > 0);
    }
    for (int c = 0; c < chunks.length; c++) {
      chunks[c].summarize(used(c, inOrder.length));
    }
    return new NodeColumns(chunks, inOrder.length, localityOf, profiles);
  }

  /** These columns with the node at position {@code k} replaced; copies one chunk. */
  NodeColumns with(int k, NodeSnapshot node) {
    return with(new int[] {k}, new NodeSnapshot[] {node}, 1);
  }

  /**
   * These columns with the node at position {@code ks[i]} replaced by {@code replaced[i]} for each
   * {@code i < count}: copies the array of chunks once and each chunk that changes once, so
   * applying a cycle's changed nodes costs with the changes, not one fleet-wide copy per node.
   */
  NodeColumns with(int[] ks, NodeSnapshot[] replaced, int count) {
    ColumnChunk[] copy = chunks.clone();
    NodeProfiles p = profiles;
    for (int i = 0; i < count; i++) {
      int c = ks[i] >>> SHIFT;
      if (copy[c] == chunks[c]) {
        copy[c] = chunks[c].copy();
      }
      p = set(copy[c], ks[i] & MASK, replaced[i], p);
    }
    for (int c = 0; c < copy.length; c++) {
      if (copy[c] != chunks[c]) {
        copy[c].summarize(used(c, size));
      }
    }
    NodeColumns out = new NodeColumns(copy, size, localityOf, p);
    return p.hardwareCount() + p.labelSetCount() > 2 * size + 64 ? out.renumbered() : out;
  }

  /**
   * Sets {@code node} at {@code slot} of {@code chunk}, numbering its profile and labels in {@code
   * p}; returns the tables, extended when the node brings a profile or label set not in them.
   */
  private static NodeProfiles set(ColumnChunk chunk, int slot, NodeSnapshot node, NodeProfiles p) {
    int h;
    int labels;
    if (chunk.node[slot].info() == node.info()) {
      h = chunk.hardware[slot];
      labels = chunk.labelSet[slot];
    } else {
      p = p.with(node.info());
      h = p.hardwareId(node.info());
      labels = p.labelSetId(node.info());
    }
    chunk.set(slot, node, h, labels, p.sitePowerCapKw(h) > 0);
    return p;
  }

  /** How many positions chunk {@code c} holds, of {@code size} in all. */
  private static int used(int c, int size) {
    return Math.min(ColumnChunk.SIZE, size - (c << SHIFT));
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

  /**
   * Where the run of {@code positions[from .. count - 1]} (ascending) that lies in the same chunk
   * of positions as {@code positions[from]} ends: the facts of that chunk ({@link #chunkAllReady},
   * {@link #chunkLeastFreeCpuMillis}, ...) hold for all of the run.
   */
  public int chunkRunEnd(int[] positions, int from, int count) {
    int first = positions[from];
    int end = (first | MASK) + 1;
    // Positions ascend strictly, so none past from + (end - first) is in the chunk, and when the
    // last one that could be is exactly that far from the first, all between are too.
    int hi = Math.min(count, from + end - first);
    if (positions[hi - 1] == first + (hi - 1 - from)) {
      return hi;
    }
    int lo = from + 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (positions[mid] < end) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Whether every node in the chunk of position {@code k} is ready. */
  public boolean chunkAllReady(int k) {
    return chunks[k >>> SHIFT].allReady();
  }

  /** The least free CPU of the nodes in the chunk of position {@code k}. */
  public int chunkLeastFreeCpuMillis(int k) {
    return chunks[k >>> SHIFT].leastFreeCpuMillis();
  }

  /** The least free host memory of the nodes in the chunk of position {@code k}. */
  public long chunkLeastFreeMemoryMiB(int k) {
    return chunks[k >>> SHIFT].leastFreeMemoryMiB();
  }

  /**
   * The least free memory of any free GPU of the nodes in the chunk of position {@code k} ({@code
   * Long.MAX_VALUE} when none has a free GPU): every free GPU of those nodes has at least that
   * much.
   */
  public long chunkLeastFreeGpuMemoryMiB(int k) {
    return chunks[k >>> SHIFT].leastFreeGpuMemoryMiB();
  }

  public NodeCondition condition(int k) {
    return CONDITIONS[chunks[k >>> SHIFT].condition[k & MASK]];
  }

  public boolean isReady(int k) {
    return chunks[k >>> SHIFT].condition[k & MASK] == READY;
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

  /** Whether the node's site has a power cap, read without its hardware profile. */
  public boolean hasSitePowerCap(int k) {
    return chunks[k >>> SHIFT].siteCapped(k & MASK);
  }

  /**
   * The site power cap bits of the 64 positions {@code k & ~63 .. k | 63}: bit {@code j & 63} is
   * set when the node at position {@code j} has a site power cap ({@link #hasSitePowerCap}).
   */
  public long sitePowerCapBits(int k) {
    return chunks[k >>> SHIFT].siteCappedWord(k & MASK);
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
}
