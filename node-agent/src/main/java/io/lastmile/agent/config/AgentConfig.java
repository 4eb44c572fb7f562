package io.lastmile.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The site this agent runs on, what it offers, and where it connects.
 *
 * <p>Node agent settings under {@code lastmile.agent.*}. The Javadoc of each method is its key's
 * documentation: the control plane's {@code ConfigurationDocTest} generates {@code
 * docs/configuration.md} from it.
 */
@ConfigMapping(prefix = "lastmile.agent")
public interface AgentConfig {

  /**
   * Stable node id: a DNS-1123 subdomain (at most 253 characters of dot-separated labels of {@code
   * [a-z0-9-]}), as Kubernetes node names are. Unset: the host name, lower-cased, with any other
   * character turned into {@code -}.
   */
  Optional<String> nodeId();

  /**
   * Region of the site, for example {@code de-fra}; must be in the control plane's {@code
   * regions.csv}.
   */
  String region();

  /**
   * Jurisdiction override, for example {@code DE}. Unset: the region's jurisdiction as the control
   * plane knows it.
   */
  Optional<String> jurisdiction();

  /**
   * Electricity market zone override, for example {@code DE-LU}. Unset: the region's zone as the
   * control plane knows it.
   */
  Optional<String> marketZone();

  /** Site power usage effectiveness (facility power / IT power), at least 1.0. */
  @WithDefault("1.0")
  double pue();

  /** Site power cap in kW; 0 means none. */
  @WithDefault("0")
  double sitePowerCapKw();

  /** Node labels for job label selectors, by label key. Unset: none. */
  Map<String, String> labels();

  /** Control plane gRPC address, {@code host:port}. */
  @WithDefault("localhost:9090")
  String controlPlane();

  /**
   * Folder for attempt working directories and logs. Unset: {@code lastmile-agent/<node-id>} under
   * {@code java.io.tmpdir}.
   */
  Optional<String> workDir();

  /** Allocatable CPU in millicores. Unset: all processors. */
  Optional<Integer> cpuMillis();

  /** Allocatable host memory in MiB. Unset: the JVM's view of physical memory. */
  Optional<Long> memoryMib();

  /** How long a stopped workload gets between SIGTERM and SIGKILL. */
  @WithDefault("10s")
  Duration stopGrace();

  /**
   * Whether stopping the agent also stops its workloads. By default they keep running in their own
   * process groups and the agent re-adopts them when it starts again (an agent upgrade or crash
   * does not kill inference).
   */
  @WithDefault("false")
  boolean stopWorkloadsOnShutdown();

  /**
   * Where the node's credential is kept (mode 0600) once the agent has enrolled, read on every
   * start and sent on every connect. Unset: {@code node-credential} in the work directory.
   */
  Optional<String> credentialFile();

  /** Joining an authenticating control plane. */
  Enrolment enrolment();

  /** TLS to the control plane. */
  Tls tls();

  /** GPU inventory and power sampling. */
  Gpu gpu();

  /** Health endpoint for a supervisor's probes. */
  Health health();

  /** Who workloads run as and what they may hold. */
  Workload workload();

  /** Health endpoint for a supervisor's probes. */
  interface Health {
    /**
     * Port of the HTTP health endpoint: {@code GET /live} answers 200 while the agent's session
     * loop runs (503 once it has stalled for 30 s), {@code GET /ready} 200 while the control plane
     * has accepted the agent. Unset: no endpoint, and the agent listens on no port.
     */
    Optional<Integer> port();

    /** Address the health endpoint listens on; {@code 0.0.0.0} in a pod, for the kubelet. */
    @WithDefault("127.0.0.1")
    String address();
  }

  /** Who workloads run as, and the most an assignment and its output may hold. */
  interface Workload {
    /**
     * Account workloads run as when the agent runs as root (the agent switches to it through {@code
     * setpriv} with no new privileges). An unprivileged agent runs workloads as itself. A root
     * agent whose user is empty, root or missing refuses to start unless {@code allow-root} is on.
     */
    @WithDefault("lastmile-workload")
    String user();

    /**
     * Whether an agent running as root may run workloads as root when {@link #user()} does not
     * exist or is root. Off: such an agent refuses to start.
     */
    @WithDefault("false")
    boolean allowRoot();

    /**
     * Most bytes kept of each of a workload's stdout and stderr per attempt; past it a marker is
     * written, the rest is discarded and the workload keeps running.
     */
    @WithDefault("67108864")
    long maxLogBytes();

    /**
     * Most arguments of an assigned workload (the control plane's {@code
     * lastmile.workload-limits.max-args} default too); a larger assignment is refused.
     */
    @WithDefault("256")
    int maxArgs();

    /** Most bytes of all arguments of an assigned workload together, counted in UTF-8. */
    @WithDefault("131072")
    int maxArgsBytes();

    /** Most environment variables of an assigned workload. */
    @WithDefault("128")
    int maxEnvEntries();

    /**
     * Most bytes of all environment names and values of an assigned workload together, counted in
     * UTF-8.
     */
    @WithDefault("65536")
    int maxEnvBytes();
  }

  /** Dialling the control plane again. */
  Reconnect reconnect();

  /** Measured round trips. */
  Rtt rtt();

  /** Round trips from this site to other regions, measured and reported to the control plane. */
  interface Rtt {
    /**
     * A {@code host:port} of any TCP service in a region (for example a web server on 443), by
     * region, such as {@code lastmile.agent.rtt.targets.sg-sin=probe.sg.example.net:443}. The agent
     * measures the round trip to it (best of 3 TCP handshakes, no data sent) and reports it with
     * the next heartbeat, so the control plane's latency map follows the real network. Unset:
     * nothing is measured.
     */
    Map<String, String> targets();

    /** How often every target is measured. */
    @WithDefault("60s")
    Duration interval();

    /**
     * Longest wait for one TCP handshake; a target that does not answer is logged and leaves no
     * sample.
     */
    @WithDefault("2s")
    Duration timeout();
  }

  /** Joining a control plane that authenticates agents. */
  interface Enrolment {
    /**
     * A single-use enrolment token from {@code lastmile nodes enroll-token}. The agent exchanges it
     * for its node credential on first start (and again whenever a different token is set). Unset:
     * none, as in development mode.
     */
    Optional<String> token();

    /**
     * In Kubernetes: the file of the pod's projected ServiceAccount token (audience {@code
     * lastmile}), which the agent exchanges for its node credential on first start; the control
     * plane checks it with the TokenReview API and lets the pod enrol only the node it runs on.
     * When the saved credential is later refused (revoked), the agent removes it and exits, and
     * enrols again with a fresh token when restarted. Unset: none. Not together with {@code token}.
     */
    Optional<String> serviceAccountTokenFile();
  }

  /** TLS to the control plane. Off by default: plaintext, development mode. */
  interface Tls {
    /**
     * Dial the control plane over TLS. Off is plaintext, development mode only: the agent warns at
     * start.
     */
    @WithDefault("false")
    boolean enabled();

    /** PEM file of the CA(s) that signed the control plane's certificate. Unset: the JDK's CAs. */
    Optional<String> caFile();

    /** PEM client certificate chain for mutual TLS; needs {@code key-file}. Unset: none. */
    Optional<String> certificateFile();

    /** PEM (PKCS#8) private key of the client certificate; needs {@code certificate-file}. */
    Optional<String> keyFile();
  }

  /** Where the GPU inventory comes from. */
  interface Gpu {
    /**
     * {@code auto} (nvidia-smi; without a GPU, the simulated inventory if one is declared, else
     * start-up fails saying so), {@code nvidia-smi}, or {@code simulated}; case-insensitive.
     * Another value stops start-up.
     */
    @WithDefault("auto")
    String mode();

    /**
     * Declared simulated inventory, {@code COUNTxMODEL:MEMORY_MIB[:POWER_LIMIT_W]},
     * comma-separated, for example {@code 2xL4:23034:72}; marked as simulated in registration and
     * logs. Unset: none.
     */
    Optional<String> simulated();

    /** Path of nvidia-smi. */
    @WithDefault("nvidia-smi")
    String nvidiaSmiPath();

    /** Longest wait for one nvidia-smi reading. */
    @WithDefault("5s")
    Duration nvidiaSmiTimeout();

    /** How often GPU power is sampled for energy attribution and heartbeats. */
    @WithDefault("2s")
    Duration sampleInterval();
  }

  /** How the agent dials again after losing the control plane. */
  interface Reconnect {
    /** First wait before dialling the control plane again after losing it. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /**
     * Longest wait between attempts; waits double up to this, with full jitter. While attempts run,
     * a wait is never longer than a sixth of the lease (lost-after less a tenth), so the control
     * plane hears from the agent well before it takes the node for lost.
     */
    @WithDefault("30s")
    Duration maxBackoff();
  }
}
