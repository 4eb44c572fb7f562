package io.lastmile.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Node agent settings under {@code lastmile.agent.*}; every key is documented in the README. */
@ConfigMapping(prefix = "lastmile.agent")
public interface AgentConfig {

  /** Stable node id, 1 to 63 characters of [a-z0-9-]. Default: the host name, lower-cased. */
  Optional<String> nodeId();

  /** Region of the site, for example de-fra; must be known to the control plane. Required. */
  String region();

  /** Jurisdiction override; default: the region's jurisdiction as the control plane knows it. */
  Optional<String> jurisdiction();

  /** Electricity market zone override; default: the region's zone as the control plane knows it. */
  Optional<String> marketZone();

  /** Site power usage effectiveness (facility power / IT power), at least 1.0. */
  @WithDefault("1.0")
  double pue();

  /** Site power cap in kW; 0 means none. */
  @WithDefault("0")
  double sitePowerCapKw();

  /** Node labels for job label selectors. */
  Map<String, String> labels();

  /** Control plane gRPC address, host:port. */
  @WithDefault("localhost:9090")
  String controlPlane();

  /** Folder for attempt working directories and logs. Default: a folder under java.io.tmpdir. */
  Optional<String> workDir();

  /** Allocatable CPU in millicores. Default: all processors. */
  Optional<Integer> cpuMillis();

  /** Allocatable host memory in MiB. Default: the JVM's view of physical memory. */
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
   * Where the node's credential is kept (mode 0600) once the agent has enrolled. Default: {@code
   * node-credential} in the work directory.
   */
  Optional<String> credentialFile();

  Enrolment enrolment();

  Tls tls();

  Gpu gpu();

  Workload workload();

  /** Who workloads run as, and the most an assignment and its output may hold. */
  interface Workload {
    /**
     * Account workloads run as when the agent runs as root (the agent switches to it through {@code
     * setpriv} with no new privileges). An unprivileged agent runs workloads as itself.
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

    /** Most arguments of an assigned workload (the control plane's default too). */
    @WithDefault("256")
    int maxArgs();

    /** Most bytes of all arguments of an assigned workload together. */
    @WithDefault("131072")
    int maxArgsBytes();

    /** Most environment variables of an assigned workload. */
    @WithDefault("128")
    int maxEnvEntries();

    /** Most bytes of all environment names and values of an assigned workload together. */
    @WithDefault("65536")
    int maxEnvBytes();
  }

  Reconnect reconnect();

  Rtt rtt();

  /** Round trips from this site to other regions, measured and reported to the control plane. */
  interface Rtt {
    /**
     * A host:port answering TCP in each region to measure, for example {@code
     * lastmile.agent.rtt.targets.sg-sin=probe.sg.example.net:443}. None by default: nothing is
     * measured.
     */
    Map<String, String> targets();

    /** How often every target is measured. */
    @WithDefault("60s")
    Duration interval();

    /** Longest wait for one TCP handshake. */
    @WithDefault("2s")
    Duration timeout();
  }

  /** Joining a control plane that authenticates agents. */
  interface Enrolment {
    /**
     * A single-use enrolment token from {@code lastmile nodes enroll-token}. The agent exchanges it
     * for its node credential on first start (or when the token changes); unset in development
     * mode.
     */
    Optional<String> token();
  }

  /** TLS to the control plane. Off by default: plaintext, development mode. */
  interface Tls {
    /** Dial the control plane over TLS. */
    @WithDefault("false")
    boolean enabled();

    /** PEM file of the CA(s) that signed the control plane's certificate. Default: the JDK's. */
    Optional<String> caFile();

    /** PEM client certificate chain for mutual TLS; needs {@code key-file}. */
    Optional<String> certificateFile();

    /** PEM (PKCS#8) private key of the client certificate. */
    Optional<String> keyFile();
  }

  interface Gpu {
    /** auto (nvidia-smi, else fail unless a simulated spec is set), nvidia-smi, or simulated. */
    @WithDefault("auto")
    String mode();

    /** Declared simulated inventory, for example 2xL4:23034:72 (COUNTxMODEL:MIB[:WATTS]). */
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

  interface Reconnect {
    /** First wait before dialling the control plane again after losing it. */
    @WithDefault("500ms")
    Duration initialBackoff();

    /** Longest wait between attempts; waits double up to this, with jitter. */
    @WithDefault("30s")
    Duration maxBackoff();
  }
}
