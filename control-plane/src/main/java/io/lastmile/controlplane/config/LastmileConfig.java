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

  /**
   * Folder for the embedded database (and other local state) when no database is configured.
   * Relative paths are resolved against the working directory.
   */
  @WithDefault(".lastmile")
  String stateDir();

  Store store();

  Scheduler scheduler();

  Nodes node();

  LeaderElection leaderElection();

  /** High availability: replicas elect one leader through a Kubernetes Lease. */
  interface LeaderElection {
    /** Off: this control plane leads from the start (one replica). */
    @WithDefault("false")
    boolean enabled();

    /** Name of the {@code coordination.k8s.io/v1} Lease. */
    @WithDefault("lastmile-control-plane")
    String leaseName();

    /** Namespace of the Lease. Unset: the Kubernetes client's namespace (the pod's). */
    Optional<String> namespace();

    /** This replica's name in the Lease. Unset: the {@code HOSTNAME} variable, else a random id. */
    Optional<String> identity();

    /** How long a leader keeps the lead without renewing it. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** How long the leader keeps trying to renew before it gives the lead up. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often replicas try to take or renew the Lease. */
    @WithDefault("2s")
    Duration retryPeriod();
  }

  interface Store {
    /**
     * JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/lastmile}. Unset:
     * an embedded H2 database under {@link #stateDir()}.
     */
    Optional<String> jdbcUrl();

    Optional<String> username();

    Optional<String> password();

    /** Largest number of open database connections. */
    @WithDefault("16")
    int maxConnections();

    /** The region (shard) this control plane serves; every stored row carries it. */
    @WithDefault("global")
    String region();
  }

  interface Scheduler {
    /**
     * Scorer weights applied to every class, by scorer name ({@code round-trip}, {@code
     * gpu-packing}).
     */
    Map<String, Double> weights();

    /**
     * Weights for one class that replace the defaults scorer by scorer, by lower-case class name
     * ({@code latency_critical}, {@code standard}, {@code deferrable}, {@code interruptible}).
     */
    Map<String, Map<String, Double>> classWeights();

    /** {@code bin-pack} (fill busy nodes first) or {@code spread}. */
    @WithDefault("bin-pack")
    String packing();

    Deferral deferral();

    InterruptibleWait interruptibleWait();

    History history();

    /** Longest wait before an unschedulable job is tried again without any cluster change. */
    @WithDefault("30s")
    Duration maxBackoff();
  }

  /** What earlier runs of a job measured, which refines its energy and run time estimates. */
  interface History {
    /** A job's typical run is the mean of this many of its latest successful runs. */
    @WithDefault("5")
    int runsPerJob();

    /** How many distinct jobs (name and GPU count) are remembered; the least recent go first. */
    @WithDefault("10000")
    int maxJobs();
  }

  /**
   * An interruptible job may stay queued briefly for a GPU that is much cheaper than a free one.
   */
  interface InterruptibleWait {
    /** It waits only while the cheapest node that could host it saves at least this fraction. */
    @WithDefault("0.3")
    double minSaving();

    /** It waits at most this long after submission; 0 switches waiting off. */
    @WithDefault("30m")
    Duration maxWait();
  }

  interface Deferral {
    /** A deferrable job waits only when the cheaper window saves at least this fraction. */
    @WithDefault("0.15")
    double minSaving();

    /** A deferred job starts at the latest this long before its deadline. */
    @WithDefault("5m")
    Duration deadlineMargin();

    /**
     * Share of a market zone's GPUs that deferred jobs, waiting or running, may hold in any one
     * hour, in (0, 1]; a full window sends the next job to the next cheapest one.
     */
    @WithDefault("0.75")
    double windowShare();
  }

  Energy energy();

  Messaging messaging();

  /** Where the price and event channels connect. */
  interface Messaging {
    /**
     * {@code smallrye-in-memory}: in-process, no broker (prices from the files only); {@code
     * smallrye-kafka}: the topics at {@code kafka.bootstrap.servers}.
     */
    @WithDefault("smallrye-in-memory")
    String connector();
  }

  JobEvents jobEvents();

  /**
   * The relay that publishes the job event outbox to {@code job-events}; see {@code
   * JobEventSettings} for what each key does.
   */
  interface JobEvents {
    @WithDefault("256")
    int batchSize();

    @WithDefault("200ms")
    Duration pollInterval();

    @WithDefault("500ms")
    Duration retryMin();

    @WithDefault("30s")
    Duration retryMax();

    @WithDefault("7d")
    Duration retention();

    @WithDefault("1h")
    Duration purgeInterval();
  }

  Latency latency();

  /** Round trips between regions as agents measure them. */
  interface Latency {
    /**
     * Weight of a new measurement in the moving average that updates a configured round trip, in
     * (0, 1]; 1 takes every measurement as it is.
     */
    @WithDefault("0.2")
    double measurementWeight();
  }

  Kubernetes kubernetes();

  /** The InferenceJob and EdgeNode custom resources (off unless an API server is there). */
  interface Kubernetes {
    /** Watch InferenceJobs and maintain EdgeNodes through the Kubernetes API. */
    @WithDefault("false")
    boolean enabled();

    /** Namespace of the custom resources; unset: the client's (the pod's own in a cluster). */
    Optional<String> namespace();

    /** How often every InferenceJob and EdgeNode is compared with the control plane's state. */
    @WithDefault("2s")
    Duration resyncInterval();
  }

  interface Energy {
    /** Currency of costs; prices in other currencies are converted with the exchange rates. */
    @WithDefault("EUR")
    String currency();

    /** Units of {@code currency} per unit of each other currency, for example USD=0.92. */
    Map<String, Double> exchangeRates();

    /**
     * Prices arriving for an hour that ended longer ago than this are dropped (and counted): they
     * can no longer change a placement.
     */
    @WithDefault("7d")
    Duration priceRetention();

    /** Typical GPU power by model name (substring match), in watts, for energy estimates. */
    Map<String, Double> gpuPowerW();

    /** Power assumed for a GPU model not listed, in watts. */
    @WithDefault("300")
    double gpuPowerFallbackW();
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
