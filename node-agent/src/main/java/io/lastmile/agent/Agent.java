package io.lastmile.agent;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.lastmile.agent.config.AgentConfig;
import io.lastmile.agent.gpu.GpuInventory;
import io.lastmile.agent.gpu.SimulatedInventory;
import io.lastmile.agent.runtime.AttemptRunner;
import io.lastmile.agent.runtime.ProcessDriver;
import io.lastmile.agent.session.Backoff;
import io.lastmile.agent.session.ControlPlaneSession;
import io.lastmile.api.v1.Register;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jboss.logging.Logger;

/** Starts the agent: GPU inventory, workload runtime and the session with the control plane. */
@ApplicationScoped
public class Agent {
  private static final Logger LOG = Logger.getLogger(Agent.class);
  static final String VERSION = "0.1.0";

  @Inject AgentConfig config;

  private ManagedChannel channel;
  private ControlPlaneSession session;
  private AttemptRunner runner;
  private ScheduledExecutorService executor;

  void start(@Observes StartupEvent event) {
    String nodeId = config.nodeId().orElseGet(Agent::hostName);
    GpuInventory inventory = inventory();
    LOG.infof("node %s in %s: %s", nodeId, config.region(), inventory.describe());
    Path workDir =
        Path.of(
            config
                .workDir()
                .orElse(System.getProperty("java.io.tmpdir") + "/lastmile-agent/" + nodeId));
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lastmile-agent-session");
              t.setDaemon(true);
              return t;
            });
    Clock clock = Clock.systemUTC();
    channel = ManagedChannelBuilder.forTarget(config.controlPlane()).usePlaintext().build();
    ControlPlaneSession[] holder = new ControlPlaneSession[1];
    runner =
        new AttemptRunner(
            new ProcessDriver(workDir),
            executor,
            clock,
            config.stopGrace(),
            attemptId -> 0.0,
            status -> holder[0].report(status));
    Register base = registration(nodeId, inventory);
    session =
        new ControlPlaneSession(
            channel,
            executor,
            () ->
                base.toBuilder()
                    .clearGpus()
                    .addAllGpus(
                        ControlPlaneSession.registration(
                                nodeId, config.region(), inventory, inventory.read())
                            .getGpusList())
                    .build(),
            inventory,
            runner,
            clock,
            new Backoff(
                config.reconnect().initialBackoff(),
                config.reconnect().maxBackoff(),
                RandomGenerator.getDefault()));
    holder[0] = session;
    session.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (session == null) {
      return;
    }
    runner.stopAll("agent shutting down");
    session.stop();
    channel.shutdown();
    try {
      channel.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
  }

  private GpuInventory inventory() {
    String mode = config.gpu().mode();
    if (!mode.equals("simulated")) {
      throw new IllegalStateException(
          "lastmile.agent.gpu.mode=%s: GPU discovery through nvidia-smi is not available in this"
                  .formatted(mode)
              + " build; set lastmile.agent.gpu.mode=simulated and"
              + " lastmile.agent.gpu.simulated=2xL4:23034:72 for development");
    }
    return SimulatedInventory.parse(
        config
            .gpu()
            .simulated()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "lastmile.agent.gpu.mode=simulated needs lastmile.agent.gpu.simulated,"
                            + " for example 2xL4:23034:72")));
  }

  private Register registration(String nodeId, GpuInventory inventory) {
    Register.Builder b =
        ControlPlaneSession.registration(nodeId, config.region(), inventory, inventory.read())
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
          .replaceAll("[^a-z0-9-]", "-");
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot read the host name; set lastmile.agent.node-id", e);
    }
  }
}
