package io.lastmile.e2e;

import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A control plane and agents started from the packaged apps as separate processes, each logging to
 * {@code target/e2e-logs}.
 */
final class LocalCluster implements AutoCloseable {
  private static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  private static final Path LOGS = ROOT.resolve("e2e/target/e2e-logs");

  private final List<Process> processes = new ArrayList<>();
  private final Map<String, Process> agents = new java.util.HashMap<>();
  private final Map<String, String[]> agentArgs = new java.util.HashMap<>();
  private final int grpcPort = freePort();
  private final int httpPort = freePort();
  private final Path workRoot;
  private Process controlPlane;
  private String[] controlPlaneProperties = new String[0];
  private Map<String, String> controlPlaneEnv = Map.of();
  private List<String> agentLauncher = List.of();
  private int controlPlaneStarts;
  private HttpClient http = HttpClient.newHttpClient();
  private String scheme = "http";

  LocalCluster(Path workRoot) {
    this.workRoot = workRoot;
  }

  /**
   * Reads health over HTTPS, trusting {@code trust}, for a control plane started with TLS (and its
   * plain HTTP port off).
   */
  LocalCluster overHttps(javax.net.ssl.SSLContext trust) {
    http = HttpClient.newBuilder().sslContext(trust).build();
    scheme = "https";
    return this;
  }

  /**
   * A command that agents started from now on are run under, such as a {@code setpriv} line that
   * gives them a systemd unit's user, groups and capabilities.
   */
  LocalCluster withAgentLauncher(List<String> prefix) {
    agentLauncher = List.copyOf(prefix);
    return this;
  }

  /** The process id of a running agent's JVM. */
  long agentPid(String nodeId) {
    return agents.get(nodeId).pid();
  }

  /** Environment for the control plane's process, as a pod's {@code env} would give it. */
  LocalCluster withControlPlaneEnv(Map<String, String> env) {
    controlPlaneEnv = Map.copyOf(env);
    return this;
  }

  LocalCluster startControlPlane(String... extraProperties) {
    controlPlaneProperties = extraProperties;
    List<String> props =
        new ArrayList<>(
            List.of(
                "-Dquarkus.grpc.server.port=" + grpcPort,
                "-Dquarkus.http.port=" + httpPort,
                "-Dlastmile.node.heartbeat-interval=500ms",
                "-Dlastmile.node.heartbeat-grace=3s",
                // Declared development mode: clients need no token (a property below may differ).
                "-Dlastmile.auth.enabled=false",
                // Each cluster has its own embedded database unless a property below names another.
                "-Dlastmile.state-dir=" + workRoot.resolve("control-plane-state")));
    props.addAll(List.of(extraProperties));
    String log = controlPlaneStarts == 0 ? "control-plane" : "control-plane-" + controlPlaneStarts;
    controlPlaneStarts++;
    controlPlane = launch(log, List.of(), jar("control-plane"), props, controlPlaneEnv);
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> health().contains("\"status\": \"UP\""));
    return this;
  }

  /** Kills the control plane's JVM with SIGKILL: nothing of it gets to shut down cleanly. */
  void killControlPlane() throws InterruptedException {
    controlPlane.destroyForcibly();
    controlPlane.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts the control plane again on the same ports, settings and state. */
  LocalCluster restartControlPlane() {
    return startControlPlane(controlPlaneProperties);
  }

  /**
   * Starts an agent with a declared simulated inventory, and any further agent properties, and
   * waits until it is registered.
   */
  LocalCluster startAgent(String nodeId, String region, String gpus, String... extraProperties) {
    return startAgent(nodeId, region, gpus, Map.of(), extraProperties);
  }

  /** As {@link #startAgent(String, String, String, String...)}, with an environment. */
  LocalCluster startAgent(
      String nodeId,
      String region,
      String gpus,
      Map<String, String> env,
      String... extraProperties) {
    List<String> args = new ArrayList<>(List.of(region, gpus));
    args.addAll(List.of(extraProperties));
    agentArgs.put(nodeId, args.toArray(String[]::new));
    int before = connectedAgents();
    launchAgent(nodeId, region, gpus, env, List.of(extraProperties));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> connectedAgents() > before);
    return this;
  }

  private void launchAgent(
      String nodeId, String region, String gpus, Map<String, String> env, List<String> extra) {
    List<String> props = new ArrayList<>(agentProperties(nodeId, region, gpus));
    props.addAll(extra);
    agents.put(nodeId, launch(nodeId, agentLauncher, jar("node-agent"), props, env));
  }

  /** What every agent started here is given, before the test's own properties. */
  private List<String> agentProperties(String nodeId, String region, String gpus) {
    return List.of(
        "-Dlastmile.agent.node-id=" + nodeId,
        "-Dlastmile.agent.region=" + region,
        "-Dlastmile.agent.control-plane=localhost:" + grpcPort,
        "-Dlastmile.agent.gpu.mode=simulated",
        "-Dlastmile.agent.gpu.simulated=" + gpus,
        "-Dlastmile.agent.work-dir=" + workRoot.resolve(nodeId),
        "-Dlastmile.agent.stop-grace=2s",
        // Workloads here write into the tests' own folders; run as root in CI, the agent
        // would otherwise switch them to its unprivileged user (a later property may).
        // The user is one no host has, so the outcome does not depend on which exist.
        "-Dlastmile.agent.workload.user=lastmile-e2e-no-such-user",
        "-Dlastmile.agent.workload.allow-root=true");
  }

  /** Kills an agent's JVM with SIGKILL; its workloads, in their own process groups, live on. */
  void killAgent(String nodeId) throws InterruptedException {
    Process agent = agents.remove(nodeId);
    agent.destroyForcibly();
    agent.waitFor(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> connectedAgents() < agents.size() + 1);
  }

  /**
   * Freezes an agent's JVM with SIGSTOP, as a stalled link or an overloaded box looks from the
   * control plane: its TCP connection and stream stay open, its workloads keep running.
   */
  void freezeAgent(String nodeId) throws IOException, InterruptedException {
    signal(agents.get(nodeId), "STOP");
  }

  /** Lets a frozen agent run again (SIGCONT), on the stream it had. */
  void thawAgent(String nodeId) throws IOException, InterruptedException {
    signal(agents.get(nodeId), "CONT");
  }

  private static void signal(Process p, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + p.pid() + " failed");
    }
  }

  /** The exit code of an agent that stops by itself within {@code timeout}. */
  int agentExitCode(String nodeId, Duration timeout) throws InterruptedException {
    Process agent = agents.get(nodeId);
    if (!agent.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("agent " + nodeId + " still runs after " + timeout);
    }
    return agent.exitValue();
  }

  /** Starts a killed agent again with the same node id, region and work directory. */
  LocalCluster restartAgent(String nodeId) {
    String[] args = agentArgs.get(nodeId);
    return startAgent(nodeId, args[0], args[1], Arrays.copyOfRange(args, 2, args.length));
  }

  /**
   * As {@link #restartAgent}, without waiting for it to register: for an agent that cannot reach
   * the control plane.
   */
  LocalCluster restartAgentCutOff(String nodeId) {
    String[] args = agentArgs.get(nodeId);
    launchAgent(nodeId, args[0], args[1], Map.of(), Arrays.asList(args).subList(2, args.length));
    return this;
  }

  /** The control plane's HTTP port: dashboard, REST API, health. */
  int httpPort() {
    return httpPort;
  }

  ManagedChannel channel() {
    return ManagedChannelBuilder.forAddress("localhost", grpcPort).usePlaintext().build();
  }

  /** A channel whose callbacks run on its network thread: for callbacks that never block. */
  ManagedChannel directChannel() {
    return ManagedChannelBuilder.forAddress("localhost", grpcPort)
        .usePlaintext()
        .directExecutor()
        .build();
  }

  /** What a process of this cluster has logged: {@code control-plane} or a node id. */
  static Path log(String name) {
    return LOGS.resolve(name + ".log");
  }

  Path workDir(String nodeId) {
    return workRoot.resolve(nodeId);
  }

  int connectedAgents() {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"connectedAgents\":\\s*(\\d+)").matcher(health());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** The HTTP status of the readiness endpoint, or -1 when it does not answer within 2 s. */
  int readiness() {
    try {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create(scheme + "://localhost:" + httpPort + "/q/health/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String health() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(scheme + "://localhost:" + httpPort + "/q/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private Process launch(
      String name, List<String> launcher, Path jar, List<String> props, Map<String, String> env) {
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: package the apps first (./mvnw package)");
    }
    List<String> command = new ArrayList<>(launcher);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(props);
    command.add("-jar");
    command.add(jar.toString());
    try {
      Files.createDirectories(LOGS);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(LOGS.resolve(name + ".log").toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + name, e);
    }
  }

  private static Path jar(String module) {
    return ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
  }

  /** A port nobody listens on now. */
  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The control plane's gRPC port. */
  int grpcPort() {
    return grpcPort;
  }

  /** The control plane's gRPC address, host:port, as the CLI's --server takes it. */
  String grpcAddress() {
    return "localhost:" + grpcPort;
  }

  /** The control plane's HTTP base address (REST API, dashboard, metrics). */
  URI httpBase() {
    return URI.create("http://localhost:" + httpPort + "/");
  }
}
