package io.lastmile.controlplane.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Control plane settings under {@code lastmile.*}; every key is documented in the README. */
@ConfigMapping(prefix = "lastmile")
public interface LastmileConfig {

  /**
   * Directory with {@code regions.csv} and {@code rtt.csv}. Unset: the sample data bundled with the
   * control plane.
   */
  Optional<String> dataDir();

  Scheduler scheduler();

  Nodes node();

  interface Scheduler {
    /**
     * Scorer weights applied to every class, by scorer name ({@code round-trip}, {@code
     * gpu-packing}).
     */
    Map<String, Double> weights();

    /** Longest wait before an unschedulable job is tried again without any cluster change. */
    @WithDefault("30s")
    Duration maxBackoff();
  }

  interface Nodes {
    /** How often agents send heartbeats. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /** A node without a heartbeat for this long is NOT_READY and takes no new work. */
    @WithDefault("10s")
    Duration heartbeatGrace();

    /**
     * A NOT_READY node's attempts are re-queued as new attempts after this long; the old ones are
     * fenced and stopped if the node comes back.
     */
    @WithDefault("60s")
    Duration lostAfter();
  }
}
