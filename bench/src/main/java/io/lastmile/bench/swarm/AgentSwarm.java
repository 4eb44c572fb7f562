package io.lastmile.bench.swarm;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.lastmile.agent.gpu.SimulatedInventory;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many hollow agents in one process, each with its own stream to one control plane: the load a
 * fleet puts on it. Every agent runs node-agent's session code; all share a few threads (one
 * scheduled pool) and, {@code streamsPerChannel} at a time, a TCP connection whose network threads
 * are Netty's shared event loops (node-agent's OkHttp transport holds a reading thread per
 * connection, which 10,000 agents cannot afford).
 */
public final class AgentSwarm implements AutoCloseable {
  private static final Pattern REGION_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

  private final SwarmOptions options;
  private final ScheduledThreadPoolExecutor pool;
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<HollowAgent> agents = new ArrayList<>();
  private final SwarmStats stats = new SwarmStats();
  private final RunLog runs = new RunLog();
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final SplittableRandom random;

  private AgentSwarm(SwarmOptions options, List<String> regions) {
    this.options = options;
    this.random = new SplittableRandom(options.seed());
    this.pool =
        (ScheduledThreadPoolExecutor)
            Executors.newScheduledThreadPool(
                options.threads(),
                task -> {
                  Thread t = new Thread(task, "swarm");
                  t.setDaemon(true);
                  return t;
                });
    pool.setRemoveOnCancelPolicy(true);
    List<SimulatedInventory> inventories =
        options.inventories().stream().map(SimulatedInventory::parse).toList();
    for (int i = 0; i < options.agents(); i++) {
      if (i % options.streamsPerChannel() == 0) {
        channels.add(
            NettyChannelBuilder.forTarget(options.controlPlane())
                .usePlaintext()
                .directExecutor() // the session's callbacks only queue work on its scheduler
                .maxInboundMessageSize(1 << 20)
                .build());
      }
      String nodeId = "%s-%05d".formatted(options.nodePrefix(), i);
      agents.add(
          new HollowAgent(
              nodeId,
              regions.get(random.nextInt(regions.size())),
              inventories.get(random.nextInt(inventories.size())),
              new HollowAttempts(nodeId, pool, options.workloads(), random.split(), runs),
              channels.get(channels.size() - 1),
              pool,
              random.split(),
              stats,
              refusals::add));
    }
  }

  /** Builds the agents and dials them all, spread over {@code options.ramp()}. */
  public static AgentSwarm start(SwarmOptions options) {
    List<String> regions =
        options.regions().isEmpty() ? regionsOf(options.httpBase()) : options.regions();
    AgentSwarm swarm = new AgentSwarm(options, regions);
    long rampNanos = options.ramp().toNanos();
    for (int i = 0; i < swarm.agents.size(); i++) {
      HollowAgent agent = swarm.agents.get(i);
      long at = rampNanos * i / swarm.agents.size();
      swarm.pool.schedule(agent::dial, at, TimeUnit.NANOSECONDS);
    }
    if (options.redialShare() > 0) {
      long every = options.redialEvery().toMillis();
      swarm.pool.scheduleAtFixedRate(swarm::dropSome, every, every, TimeUnit.MILLISECONDS);
    }
    return swarm;
  }

  /** Drops a share of the agents; each dials again after the pause. */
  private void dropSome() {
    for (HollowAgent agent : agents) {
      if (random.nextDouble() < options.redialShare() && agent.drop()) {
        pool.schedule(agent::dial, options.redialPause().toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The regions the control plane serves, from its REST API. */
  static List<String> regionsOf(java.net.URI httpBase) {
    try {
      String body =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(httpBase.resolve("/api/v1/regions?forecastHours=0"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      List<String> regions = new ArrayList<>();
      Matcher m = REGION_NAME.matcher(body);
      while (m.find()) {
        regions.add(m.group(1));
      }
      if (regions.isEmpty()) {
        throw new IllegalStateException(
            "no regions at %s/api/v1/regions; give --regions".formatted(httpBase));
      }
      return regions;
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the regions from %s (%s); give --http or --regions"
              .formatted(httpBase, e.getMessage()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Agents whose current stream the control plane has accepted. */
  public int registered() {
    return (int) agents.stream().filter(HollowAgent::connected).count();
  }

  /** The node ids of the swarm's agents, in order. */
  public List<String> nodeIds() {
    return agents.stream().map(HollowAgent::nodeId).toList();
  }

  /** What the agents ran. */
  public RunLog runs() {
    return runs;
  }

  /** Reasons the control plane gave for refusing an agent for good, one per refused agent. */
  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Starts the measured time: heartbeat figures count from now. */
  public void startWindow() {
    stats.startWindow();
  }

  public SwarmReport report() {
    return new SwarmReport(
        options.agents(),
        registered(),
        refusals.size(),
        channels.size(),
        options.threads(),
        stats.firstRegistration,
        stats.reRegistration,
        stats.heartbeatAck(),
        stats.heartbeatsSent(),
        stats.heartbeatsAcked(),
        stats.heartbeatsMissed(),
        runs);
  }

  @Override
  public void close() {
    agents.forEach(HollowAgent::drop);
    channels.forEach(ManagedChannel::shutdown);
    for (ManagedChannel c : channels) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    pool.shutdownNow();
  }

  /** Runs the swarm from the command line; see {@link SwarmOptions#HELP}. */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(SwarmOptions.HELP);
      return;
    }
    SwarmOptions options;
    try {
      options = SwarmOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("swarm: " + e.getMessage());
      System.exit(2);
      return;
    }
    SwarmRun.run(options, System.out);
  }
}
