package io.lastmile.agent;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.lastmile.agent.config.AgentConfig;
import io.lastmile.agent.gpu.EnergyMeter;
import io.lastmile.agent.gpu.GpuDiscovery;
import io.lastmile.agent.gpu.GpuInventory;
import io.lastmile.agent.gpu.GpuMode;
import io.lastmile.agent.gpu.PowerSampler;
import io.lastmile.agent.health.HealthEndpoint;
import io.lastmile.agent.probe.RoundTripProbe;
import io.lastmile.agent.runtime.AttemptRunner;
import io.lastmile.agent.runtime.EnergyTracker;
import io.lastmile.agent.runtime.ProcessDriver;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.agent.runtime.WorkloadUser;
import io.lastmile.agent.session.AgentCredential;
import io.lastmile.agent.session.Backoff;
import io.lastmile.agent.session.ControlPlaneSession;
import io.lastmile.agent.session.ControlPlaneTls;
import io.lastmile.agent.session.CredentialFile;
import io.lastmile.api.v1.NodeIds;
import io.lastmile.api.v1.Register;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/** Starts the agent: GPU inventory, workload runtime and the session with the control plane. */
@ApplicationScoped
public class Agent {
  private static final Logger LOG = Logger.getLogger(Agent.class);
  static final String VERSION = "0.1.0";

  /** Exit code when the control plane refuses the agent for good ({@code EX_CONFIG}). */
  public static final int REFUSED_EXIT_CODE = 78;

  @Inject AgentConfig config;

  private ManagedChannel channel;
  private ControlPlaneSession session;
  private AttemptRunner runner;
  private ScheduledExecutorService executor;
  private ScheduledExecutorService attemptThread;
  private PowerSampler sampler;
  private ScheduledExecutorService prober;
  private HealthEndpoint health;
  private AgentCredential credential;

  void start(@Observes StartupEvent event) {
    String nodeId = config.nodeId().orElseGet(Agent::hostName);
    if (!NodeIds.valid(nodeId)) {
      throw new IllegalArgumentException(
          "lastmile.agent.node-id: '%s' %s; set lastmile.agent.node-id (LASTMILE_AGENT_NODE_ID)"
              .formatted(nodeId, NodeIds.RULE));
    }
    GpuInventory inventory = inventory();
    LOG.infof("node %s in %s: %s", nodeId, config.region(), inventory.describe());
    Path workDir =
        Path.of(
            config
                .workDir()
                .orElse(System.getProperty("java.io.tmpdir") + "/lastmile-agent/" + nodeId));
    executor = DaemonExecutors.single("lastmile-agent-session");
    attemptThread = DaemonExecutors.single("lastmile-agent-attempts");
    Clock clock = Clock.systemUTC();
    EnergyMeter meter = new EnergyMeter();
    sampler = new PowerSampler(inventory, meter, clock, config.gpu().sampleInterval());
    sampler.sampleNow(); // the first registration carries real readings
    sampler.start();
    // The control plane sends assignments and acknowledgements only: 1 MiB is ample, and a larger
    // message is refused rather than buffered.
    channel =
        Grpc.newChannelBuilder(config.controlPlane(), ControlPlaneTls.credentials(config.tls()))
            .maxInboundMessageSize(1 << 20)
            .build();
    ControlPlaneSession[] holder = new ControlPlaneSession[1];
    ProcessDriver driver = driver(workDir);
    runner =
        new AttemptRunner(
            driver,
            executor,
            clock,
            config.stopGrace(),
            tracker(sampler, meter),
            status -> holder[0].report(status));
    Register base = registration(nodeId, inventory);
    credential =
        new AgentCredential(
            new CredentialFile(
                config.credentialFile().map(Path::of).orElse(workDir.resolve("node-credential"))),
            config.enrolment().token().orElse(""),
            serviceAccountTokenFile(),
            nodeId,
            channel);
    session =
        new ControlPlaneSession(
            channel,
            executor,
            attemptThread,
            () ->
                base.toBuilder()
                    .clearGpus()
                    .addAllGpus(
                        ControlPlaneSession.registration(
                                nodeId, config.region(), inventory, sampler.latest())
                            .getGpusList())
                    .build(),
            sampler::latest,
            runner,
            clock,
            new Backoff(
                config.reconnect().initialBackoff(),
                config.reconnect().maxBackoff(),
                RandomGenerator.getDefault()),
            new WorkloadLimits(
                config.workload().maxArgs(),
                config.workload().maxArgsBytes(),
                config.workload().maxEnvEntries(),
                config.workload().maxEnvBytes()),
            credential,
            this::refused);
    holder[0] = session;
    session.keepLeaseIn(workDir.resolve("lease.properties"));
    runner.recover(workDir);
    probeRoundTrips(clock);
    serveHealth();
    session.start();
  }

  /** The health endpoint, when a port is configured; it ticks on the session's own thread. */
  private void serveHealth() {
    AgentConfig.Health h = config.health();
    if (h.port().isEmpty()) {
      return;
    }
    int port = h.port().get();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "lastmile.agent.health.port must be 0 to 65535 (got %d)".formatted(port));
    }
    try {
      health =
          HealthEndpoint.start(h.address(), port, executor, session::connected, System::nanoTime);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "lastmile.agent.health: cannot listen on %s:%d (%s); choose a free port or unset it"
              .formatted(h.address(), port, e.getMessage()),
          e);
    }
    LOG.infof("health endpoint on %s:%d (/live, /ready)", h.address(), health.port());
  }

  /**
   * Stops the agent when the control plane refuses it for a reason that dialling again cannot cure:
   * systemd and Kubernetes then show the agent as failed instead of a healthy-looking process that
   * retries for ever.
   */
  private void refused(String why) {
    if (credential.forgetRenewable()) {
      LOG.warn(
          "the saved node credential is removed: when restarted, the agent enrols again with its"
              + " pod's ServiceAccount token");
    }
    LOG.errorf(
        "the control plane refused this agent: %s. Retrying cannot fix that; the agent exits with"
            + " code %d. Fix the node's settings or credential (docs/agent-install.md,"
            + " \"Troubleshooting\") and start it again.",
        why, REFUSED_EXIT_CODE);
    Quarkus.asyncExit(REFUSED_EXIT_CODE);
  }

  /** The configured ServiceAccount token file, which must be readable when set. */
  private java.util.Optional<Path> serviceAccountTokenFile() {
    java.util.Optional<Path> file = config.enrolment().serviceAccountTokenFile().map(Path::of);
    file.filter(f -> !java.nio.file.Files.isReadable(f))
        .ifPresent(
            f -> {
              throw new IllegalArgumentException(
                  ("lastmile.agent.enrolment.service-account-token-file: cannot read %s; mount a"
                          + " projected serviceAccountToken there (k8s/base/agent/daemonset.yaml)")
                      .formatted(f));
            });
    return file;
  }

  /** The workload runtime, as the workload user; fails fast when the agent is root without one. */
  private ProcessDriver driver(Path workDir) {
    AgentConfig.Workload w = config.workload();
    if (w.maxLogBytes() < 0) {
      throw new IllegalStateException(
          "lastmile.agent.workload.max-log-bytes must be 0 or more (got %d)"
              .formatted(w.maxLogBytes()));
    }
    long agentUid = WorkloadUser.agentUid();
    WorkloadUser user =
        WorkloadUser.choose(
            agentUid,
            WorkloadUser.agentMayChangeUser(),
            w.user(),
            w.allowRoot(),
            WorkloadUser::getent);
    if (user.switches()) {
      LOG.infof("workloads run as %s (uid %d, gid %d)", user.name(), user.uid(), user.gid());
    } else if (agentUid == 0) {
      LOG.warnf(
          "workloads run as root (lastmile.agent.workload.allow-root=true; user %s unusable)",
          w.user());
    } else {
      LOG.warnf(
          "workloads run as the agent's own user (uid %d) and can read its credential and"
              + " journal: give the agent CAP_SETUID and CAP_SETGID (the systemd unit does) to run"
              + " them as %s",
          agentUid, w.user());
    }
    ProcessDriver driver = new ProcessDriver(workDir, user, w.maxLogBytes());
    driver.prepare();
    return driver;
  }

  /** Measures round trips to the configured targets on a thread of its own (handshakes block). */
  private void probeRoundTrips(Clock clock) {
    AgentConfig.Rtt rtt = config.rtt();
    if (rtt.targets().isEmpty()) {
      return;
    }
    RoundTripProbe probe = new RoundTripProbe(rtt.targets(), rtt.timeout(), clock);
    prober = DaemonExecutors.single("lastmile-agent-rtt");
    long everyMs = rtt.interval().toMillis();
    prober.scheduleWithFixedDelay(probe::probeAll, 0, everyMs, TimeUnit.MILLISECONDS);
    session.reportRoundTrips(probe);
    LOG.infof(
        "measuring round trips to %s every %d ms",
        probe.targets().stream().map(RoundTripProbe.Target::region).toList(), everyMs);
  }

  void stop(@Observes ShutdownEvent event) {
    if (session == null) {
      return;
    }
    // Assignments not started yet are dropped: the control plane sends again, to the next
    // registration, what that registration does not report.
    attemptThread.shutdownNow();
    try {
      attemptThread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (config.stopWorkloadsOnShutdown()) {
      runner.stopAll("agent shutting down");
    }
    session.stop();
    channel.shutdown();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (health != null) {
      health.close();
    }
    executor.shutdownNow();
    if (prober != null) {
      prober.shutdownNow();
    }
    sampler.stop();
  }

  private GpuInventory inventory() {
    AgentConfig.Gpu gpu = config.gpu();
    GpuInventory inventory =
        GpuDiscovery.select(
            gpu.mode(), gpu.simulated().orElse(""), gpu.nvidiaSmiPath(), gpu.nvidiaSmiTimeout());
    if (inventory.simulated() && GpuMode.parse(gpu.mode()) == GpuMode.AUTO) {
      LOG.warn(inventory.describe());
    }
    return inventory;
  }

  /** Energy per attempt from the power sampler's readings of the attempt's GPUs. */
  private static EnergyTracker tracker(PowerSampler sampler, EnergyMeter meter) {
    return new EnergyTracker() {
      @Override
      public void started(String attemptId, Set<Integer> gpuIndices) {
        sampler.attach(attemptId, gpuIndices);
      }

      @Override
      public double soFarWh(String attemptId) {
        return meter.energyWh(attemptId);
      }

      @Override
      public double finishedWh(String attemptId) {
        return sampler.detach(attemptId);
      }
    };
  }

  private Register registration(String nodeId, GpuInventory inventory) {
    Register.Builder b =
        ControlPlaneSession.registration(nodeId, config.region(), inventory, sampler.latest())
            .setPue(config.pue())
            .setSitePowerCapKw(config.sitePowerCapKw())
            .putAllLabels(config.labels())
            .setCpuMillis(
                config.cpuMillis().orElse(Runtime.getRuntime().availableProcessors() * 1000))
            .setMemoryMib(config.memoryMib().orElseGet(Agent::physicalMemoryMiB))
            .setAgentVersion(VERSION);
    config.jurisdiction().ifPresent(b::setJurisdiction);
    config.marketZone().ifPresent(b::setMarketZone);
    return b.build();
  }

  private static long physicalMemoryMiB() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize() / (1024 * 1024);
    }
    return 0;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost()
          .getHostName()
          .toLowerCase(Locale.ROOT)
          .replaceAll("[^a-z0-9.-]", "-");
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot read the host name; set lastmile.agent.node-id", e);
    }
  }
}
