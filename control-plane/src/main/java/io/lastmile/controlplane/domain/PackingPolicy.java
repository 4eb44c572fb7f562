package io.lastmile.controlplane.domain;

/** How GPU work is laid out over nodes. */
public enum PackingPolicy {
  /** Fill busy nodes first: whole nodes stay free for large jobs, idle sites can power down. */
  BIN_PACK,
  /** Prefer the emptiest nodes: less contention and a smaller blast radius per node. */
  SPREAD
}
