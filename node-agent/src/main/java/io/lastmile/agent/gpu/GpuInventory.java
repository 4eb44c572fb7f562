package io.lastmile.agent.gpu;

import java.util.List;

/** Where the agent reads its GPUs from. */
public interface GpuInventory {

  /** Current readings of every GPU, in index order. */
  List<GpuReading> read();

  /** Whether the readings are a declared simulation rather than real hardware. */
  boolean simulated();

  /** Readable description for logs, for example "nvidia-smi (2 GPUs)". */
  String describe();
}
