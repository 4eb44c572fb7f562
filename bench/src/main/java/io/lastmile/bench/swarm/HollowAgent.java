package io.lastmile.bench.swarm;

import io.grpc.ManagedChannel;
import io.lastmile.agent.SerialScheduler;
import io.lastmile.agent.gpu.SimulatedInventory;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.agent.session.AgentCredential;
import io.lastmile.agent.session.Backoff;
import io.lastmile.agent.session.ControlPlaneSession;
import io.lastmile.agent.session.CredentialFile;
import io.lastmile.api.v1.Register;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One simulated node: node-agent's {@link ControlPlaneSession} with the agent's registration,
 * back-off and limits, its session and attempt work each a {@link SerialScheduler} over the swarm's
 * shared pool, and {@link HollowAttempts} in place of processes.
 */
final class HollowAgent {
  /** Where the agent would keep a credential: never written, as the swarm enrols with none. */
  private static final Path NO_CREDENTIAL = Path.of("/nonexistent/lastmile-swarm/credential");

  /** How long a dropped session's schedulers live on, for the stream's last callbacks. */
  private static final Duration WIND_DOWN = Duration.ofSeconds(5);

  private final String nodeId;
  private final Register registration;
  private final SimulatedInventory inventory;
  private final HollowAttempts attempts;
  private final ManagedChannel channel;
  private final ScheduledExecutorService pool;
  private final RandomGenerator random;
  private final SwarmStats stats;
  private final Consumer<String> refused;
  private ControlPlaneSession session;
  private SerialScheduler sessionLane;
  private SerialScheduler attemptLane;
  private int sessions;

  HollowAgent(
      String nodeId,
      String region,
      SimulatedInventory inventory,
      HollowAttempts attempts,
      ManagedChannel channel,
      ScheduledExecutorService pool,
      RandomGenerator random,
      SwarmStats stats,
      Consumer<String> refused) {
    this.nodeId = nodeId;
    this.inventory = inventory;
    this.attempts = attempts;
    this.channel = channel;
    this.pool = pool;
    this.random = random;
    this.stats = stats;
    this.refused = refused;
    this.registration =
        ControlPlaneSession.registration(nodeId, region, inventory, inventory.read())
            .setCpuMillis(8000)
            .setMemoryMib(32 * 1024)
            .setAgentVersion("0.1.0-swarm")
            .build();
  }

  String nodeId() {
    return nodeId;
  }

  /** Opens a session, as an agent does when it starts. */
  synchronized void dial() {
    sessionLane = new SerialScheduler(pool);
    attemptLane = new SerialScheduler(pool);
    ControlPlaneSession s =
        new ControlPlaneSession(
            channel,
            sessionLane,
            attemptLane,
            () -> registration,
            inventory::read,
            attempts,
            Clock.systemUTC(),
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), random),
            WorkloadLimits.DEFAULTS,
            new AgentCredential(
                new CredentialFile(NO_CREDENTIAL), "", Optional.empty(), nodeId, channel),
            reason -> refused.accept(nodeId + ": " + reason));
    s.observe(stats.session(sessions++ == 0));
    attempts.reportTo(s::report);
    session = s;
    s.start();
  }

  /**
   * Closes the session as an agent that stops does; its attempts stay remembered and are reported
   * in the next registration.
   *
   * @return whether a session was open
   */
  synchronized boolean drop() {
    if (session == null) {
      return false;
    }
    attempts.reportTo(status -> {}); // the next session reports them in its Register
    session.stop();
    SerialScheduler lane = sessionLane;
    SerialScheduler work = attemptLane;
    pool.schedule(
        () -> {
          lane.shutdown();
          work.shutdown();
        },
        WIND_DOWN.toMillis(),
        TimeUnit.MILLISECONDS);
    session = null;
    return true;
  }

  synchronized boolean connected() {
    return session != null && session.connected();
  }
}
