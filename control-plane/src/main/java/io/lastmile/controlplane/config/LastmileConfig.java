package io.lastmile.controlplane.config;

import io.lastmile.controlplane.domain.PackingPolicy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the control plane finds its data and keeps its state.
 *
 * <p>Control plane settings under {@code lastmile.*}. The Javadoc of each method is its key's
 * documentation: {@code docs/configuration.md} is generated from it ({@code ConfigurationDocTest}).
 */
@ConfigMapping(prefix = "lastmile")
public interface LastmileConfig {

  /**
   * Folder with {@code regions.csv} ({@code region,jurisdiction,market_zone,city}), {@code rtt.csv}
   * ({@code from_region,to_region,rtt_ms}) and prices: {@code prices.csv} ({@code
   * zone,hour_start,price_per_mwh,currency,kind}, kind {@code actual} or {@code forecast}) or
   * {@code price-profile.csv} ({@code zone,hour_of_day,price_per_mwh,currency}, a typical day
   * repeated around today). A malformed line stops start-up naming its file and line. Unset: the
   * sample data bundled with the control plane, which has a price profile, not market data.
   */
  Optional<String> dataDir();

  /**
   * Folder for the embedded database ({@code <state-dir>/db/}) and other local state when no
   * database is configured. Relative paths are resolved against the working directory.
   */
  @WithDefault(".lastmile")
  String stateDir();

  /** The database. */
  Store store();

  /** Placement. */
  Scheduler scheduler();

  /** Agents' heartbeats and liveness. */
  Nodes node();

  /** How long finished jobs stay in memory. */
  Retention retention();

  /** High availability (docs/high-availability.md). */
  LeaderElection leaderElection();

  /** What the health endpoints report. */
  Health health();

  /**
   * When the scheduling loop counts as stalled. It passes at least once a second; a pass that waits
   * for the database counts as progress, since readiness already reports the database.
   */
  interface Health {
    /**
     * The leader reports not ready ({@code /q/health/ready}) once its scheduling loop has gone this
     * long without finishing a pass: jobs are accepted but none is placed.
     */
    @WithDefault("30s")
    Duration stallUnreadyAfter();

    /**
     * Liveness ({@code /q/health/live}) fails once the scheduling loop has gone this long without
     * finishing a pass, or at once when its thread has died, so that Kubernetes restarts the
     * process and a new leader recovers from the store.
     */
    @WithDefault("2m")
    Duration stallRestartAfter();
  }

  /**
   * High availability: replicas elect one leader through a Kubernetes Lease (see {@code
   * docs/high-availability.md}).
   */
  interface LeaderElection {
    /**
     * Elect one leader among replicas through a Kubernetes Lease. Off: this control plane leads
     * from the start (one replica) and no Kubernetes API is contacted.
     */
    @WithDefault("false")
    boolean enabled();

    /** Name of the {@code coordination.k8s.io/v1} Lease. */
    @WithDefault("lastmile-control-plane")
    String leaseName();

    /** Namespace of the Lease. Unset: the Kubernetes client's namespace (the pod's). */
    Optional<String> namespace();

    /**
     * This replica's name in the Lease and in followers' errors. Unset: the {@code HOSTNAME}
     * variable, else a random id.
     */
    Optional<String> identity();

    /** A leader that has not renewed for this long loses the lead; followers take over after it. */
    @WithDefault("15s")
    Duration leaseDuration();

    /**
     * The leader gives the lead up when it could not renew for this long; must be shorter than
     * {@code lease-duration}.
     */
    @WithDefault("10s")
    Duration renewDeadline();

    /**
     * How often replicas try to take or renew the Lease; must be shorter than {@code
     * renew-deadline}.
     */
    @WithDefault("2s")
    Duration retryPeriod();

    /**
     * Whether the leader labels its own pod (the pod named by {@code identity}) {@code
     * lastmile.io/leader=true} and takes that label off the other replicas' pods. The shipped
     * Services select the label, so agent streams and client calls reach the leader while every
     * replica stays Ready and rollouts and drains complete (docs/high-availability.md).
     */
    @WithDefault("true")
    boolean labelPod();
  }

  /**
   * Where jobs, attempts, nodes, prices and the job event outbox are stored (docs/operations.md).
   */
  interface Store {
    /**
     * JDBC URL of the PostgreSQL database, e.g. {@code jdbc:postgresql://db:5432/lastmile}. Unset:
     * an embedded H2 database under {@link #stateDir()}.
     */
    Optional<String> jdbcUrl();

    /** Database user name (or put it in the URL). Unset: none. */
    Optional<String> username();

    /** Database password (or put it in the URL). Unset: none. */
    Optional<String> password();

    /** Largest number of open database connections. */
    @WithDefault("16")
    int maxConnections();

    /**
     * How long a request waits for a database connection before it fails with UNAVAILABLE and a
     * retry hint. While the database is away every write waits this long: keep it short.
     */
    @WithDefault("5s")
    Duration acquisitionTimeout();

    /** The region (shard) this control plane serves; every stored row carries it. */
    @WithDefault("global")
    String region();
  }

  /** How feasible nodes are ranked, and when a job waits for a cheaper hour or GPU. */
  interface Scheduler {
    /**
     * Weight of each scorer for every job class, by scorer name: {@code round-trip} (round trip
     * from the job's origin region), {@code energy-cost} (expected energy cost: GPU power ×
     * expected duration × PUE × forecast price over the run window) and {@code gpu-packing}. A
     * number of at least 0; 0 switches a scorer off, and so does leaving it out. An unknown scorer
     * or a class without any positive weight stops start-up.
     */
    Map<String, Double> weights();

    /**
     * Weights for one job class that replace {@code weights} scorer by scorer, as {@code
     * <class>.<scorer>}; the class is {@code latency_critical}, {@code standard}, {@code
     * deferrable} or {@code interruptible}. Another class name stops start-up.
     */
    Map<String, Map<String, Double>> classWeights();

    /**
     * Default packing of GPU work: {@code bin-pack} (fill busy nodes first) or {@code spread}
     * (prefer the emptiest nodes); a job may choose its own. Another value stops start-up.
     */
    @WithDefault("bin-pack")
    PackingPolicy packing();

    /** Deferrable jobs waiting for a cheaper hour. */
    Deferral deferral();

    /** Interruptible jobs waiting for a cheaper GPU. */
    InterruptibleWait interruptibleWait();

    /** Measured runs that refine estimates. */
    History history();

    /**
     * Longest wait before an unschedulable job is tried again without any cluster change; waits
     * start at 1 s and double up to this. Any cluster change wakes such jobs at once.
     */
    @WithDefault("30s")
    Duration maxBackoff();
  }

  /** What earlier runs of a job measured, which refines its energy and run time estimates. */
  interface History {
    /**
     * A named job's expected energy and run time are the mean of its last this many successful runs
     * (same name and GPU count); until it has run, GPU power × {@code expected_duration}. At least
     * 1.
     */
    @WithDefault("5")
    int runsPerJob();

    /**
     * How many distinct jobs (name and GPU count) are remembered, in memory; the least recently run
     * are forgotten first. At least 1.
     */
    @WithDefault("10000")
    int maxJobs();
  }

  /**
   * An interruptible job may stay queued briefly for a GPU that is much cheaper than a free one.
   */
  interface InterruptibleWait {
    /**
     * An interruptible job placed on a free GPU stays queued while the cheapest node that could
     * host it when free would run it at least this fraction cheaper, in [0, 1].
     */
    @WithDefault("0.3")
    double minSaving();

    /**
     * Longest an interruptible job waits after submission for such a GPU; then it takes any free
     * one (a preempted job keeps its submission time). At least 0; {@code 0s} switches waiting off.
     */
    @WithDefault("30m")
    Duration maxWait();
  }

  /** A deferrable job may wait for a cheaper hour before its deadline. */
  interface Deferral {
    /**
     * A deferrable job waits for a cheaper window only when it saves at least this fraction, in [0,
     * 1].
     */
    @WithDefault("0.15")
    double minSaving();

    /** A deferred job starts at the latest this long before its deadline; at least 0. */
    @WithDefault("5m")
    Duration deadlineMargin();

    /**
     * Share of a market zone's GPUs that deferred jobs may hold in any one hour, waiting for it or
     * running (a started job counts for its expected run), in (0, 1], at least one GPU. A job whose
     * cheapest window is full takes the next cheapest, and a job whose zone is full now waits for
     * its cheapest window with room, so deferred work spreads over the cheap hours and leaves GPUs
     * for latency-critical work, which may not preempt it.
     */
    @WithDefault("0.75")
    double windowShare();
  }

  /** Electricity prices, currencies and GPU power. */
  Energy energy();

  /** The price and event channels. */
  Messaging messaging();

  /** Where the price and event channels connect (docs/events.md). */
  interface Messaging {
    /**
     * Where {@code power-prices}, {@code power-prices-dlq} and {@code job-events} connect: {@code
     * smallrye-in-memory} (in-process, no broker; prices come from the files only) or {@code
     * smallrye-kafka} (the Kafka topics at {@code kafka.bootstrap.servers}).
     */
    @WithDefault("smallrye-in-memory")
    String connector();
  }

  /** The job event relay. */
  JobEvents jobEvents();

  /**
   * The relay that publishes the job event outbox to {@code job-events} (docs/events.md); checked
   * by {@code JobEventSettings}.
   */
  interface JobEvents {
    /** Events the relay sends before waiting for their acknowledgements, 1 to 1024. */
    @WithDefault("256")
    int batchSize();

    /**
     * How often the relay looks for new events while the outbox is drained: the most an event waits
     * before it is sent. Positive.
     */
    @WithDefault("200ms")
    Duration pollInterval();

    /** First pause after a failed publish; doubles on each further failure. Positive. */
    @WithDefault("500ms")
    Duration retryMin();

    /**
     * Longest pause between publish attempts while the broker is away; not shorter than {@code
     * retry-min}.
     */
    @WithDefault("30s")
    Duration retryMax();

    /**
     * Published events are deleted from the outbox after this long; unpublished ones are never
     * deleted (the outbox is used with a broker only). Positive.
     */
    @WithDefault("7d")
    Duration retention();

    /** How often published events past the retention are deleted. Positive. */
    @WithDefault("1h")
    Duration purgeInterval();
  }

  /** Round trips between regions. */
  Latency latency();

  /** Round trips between regions as agents measure them. */
  interface Latency {
    /**
     * Weight of a round trip an agent measured in the moving average that updates the configured
     * one ({@code rtt.csv}), in (0, 1]; 1 takes every measurement as it is. A pair with no
     * configured round trip takes its first measurement as it is. Measurements for unknown regions
     * or outside 0 to 60,000 ms are ignored with a warning.
     */
    @WithDefault("0.2")
    double measurementWeight();
  }

  /** The Kubernetes custom resources. */
  Kubernetes kubernetes();

  /**
   * The InferenceJob and EdgeNode custom resources (off unless an API server is there; see {@code
   * docs/kubernetes.md}).
   */
  interface Kubernetes {
    /**
     * Watch {@code InferenceJob} objects and maintain {@code EdgeNode} objects through the
     * Kubernetes API.
     */
    @WithDefault("false")
    boolean enabled();

    /** Namespace of the custom resources; unset: the client's (the pod's own in a cluster). */
    Optional<String> namespace();

    /**
     * How often every {@code InferenceJob} and {@code EdgeNode} is compared with the control
     * plane's state; changes seen by the watch are applied at once.
     */
    @WithDefault("2s")
    Duration resyncInterval();

    /**
     * The ServiceAccount, as {@code namespace:name}, whose pods' tokens may enrol agents: the
     * control plane checks a token with the TokenReview API and lets its pod enrol only the node it
     * runs on. Enrolment tokens keep working for agents outside the cluster.
     */
    @WithDefault("lastmile-agents:lastmile-agent")
    String agentServiceAccount();

    /** Audience that the agents' projected ServiceAccount tokens are made for. */
    @WithDefault("lastmile")
    String agentTokenAudience();
  }

  /** How energy is estimated and priced. */
  interface Energy {
    /**
     * Currency of costs (an ISO 4217 code); prices in other currencies are converted with {@code
     * exchange-rates}.
     */
    @WithDefault("EUR")
    String currency();

    /**
     * Units of {@code currency} per unit of another currency, by its ISO 4217 code, for example
     * {@code USD=0.92}. A price in a currency without a rate is refused naming it.
     */
    Map<String, Double> exchangeRates();

    /**
     * Prices arriving for an hour that ended longer ago than this are dropped and counted ({@code
     * outcome=too_old}): they can no longer change a placement.
     */
    @WithDefault("7d")
    Duration priceRetention();

    /**
     * Typical GPU power in watts for energy estimates of a GPU that reports no power limit, by
     * model-name substring (case-insensitive). Unset: a built-in table (H100 and H200 700, A100
     * 400, L40 350, A10 150, L4 72, T4 70); setting any entry replaces the whole table.
     */
    Map<String, Double> gpuPowerW();

    /**
     * Power in watts assumed for a GPU model not listed in {@code gpu-power-w}, when that is set
     * (the built-in table assumes 300).
     */
    @WithDefault("300")
    double gpuPowerFallbackW();
  }

  /** When agents are expected to speak, and what happens when they do not. */
  interface Nodes {
    /** How often agents send heartbeats. */
    @WithDefault("2s")
    Duration heartbeatInterval();

    /** A node without a heartbeat for this long is NOT_READY and takes no new work. */
    @WithDefault("10s")
    Duration heartbeatGrace();

    /**
     * A NOT_READY node's attempts are re-queued as new attempts after this long; the old ones are
     * fenced and stopped if the node comes back. Each agent's lease on its attempts is shorter by a
     * tenth (at least 1 s): an agent that has heard nothing for that long stops its attempts itself
     * (unless their job keeps them on disconnect), so a job never runs twice. Keep it well above
     * the heartbeat interval and as long as a control-plane restart may take.
     */
    @WithDefault("60s")
    Duration lostAfter();
  }

  /**
   * How long finished jobs (succeeded, failed or cancelled), with their scheduling decisions, stay
   * in the control plane's memory, about 2.7 KB each. Unfinished jobs always stay. A finished job
   * that left memory is still answered by GetJob, ListJobs, ExplainJob (without its decision), the
   * REST API and the CLI, read from the database; start-up loads only the unfinished jobs and the
   * finished ones these settings keep.
   */
  interface Retention {
    /**
     * Most finished jobs kept in memory; the one that finished first leaves first. 0 keeps none.
     */
    @WithDefault("10000")
    int finishedJobs();

    /** A finished job leaves memory this long after it finished, at the latest. */
    @WithDefault("1h")
    Duration finishedAge();
  }
}
