package io.lastmile.bench.swarm;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the swarm is asked to do, from its command line ({@link #HELP} says what each option means).
 *
 * @param regions regions to draw from; empty: those the control plane serves at {@code httpBase}
 * @param inventories simulated GPU inventories to draw from, in the agent's format
 * @param watchPid a process (the control plane) whose CPU and memory are reported; 0 for none
 * @param submitters closed-loop clients submitting jobs during the measured time; 0 for none
 * @param inFlight most of the clients' jobs accepted and not yet ended on an agent; 0 for no limit
 * @param drain how long to wait, after the measured time, for every accepted job to end
 */
public record SwarmOptions(
    String controlPlane,
    URI httpBase,
    List<String> regions,
    int agents,
    int streamsPerChannel,
    List<String> inventories,
    Workloads workloads,
    Duration duration,
    Duration ramp,
    double redialShare,
    Duration redialEvery,
    Duration redialPause,
    String nodePrefix,
    long seed,
    int threads,
    long watchPid,
    int submitters,
    int inFlight,
    Duration drain) {

  public static final String HELP =
      """
      Usage: java -cp bench/target/lastmile-bench.jar io.lastmile.bench.swarm.AgentSwarm [options]

      Opens one agent stream per simulated node against a running control plane (development
      mode: no credentials) and measures how it answers. Each agent runs node-agent's own session
      code (register, heartbeat at the interval in Registered, lease, re-dial with back-off) with a
      declared simulated GPU inventory and hollow attempts: an Assign is RUNNING at once and ends
      SUCCEEDED (or FAILED) after a drawn run time; a Cancel stops it. Nothing is executed.

      Options (--name=value or --name value):
        --control-plane=HOST:PORT  gRPC address of the control plane            [localhost:9090]
        --http=URL                 its HTTP address, where the regions are read [http://localhost:8080]
        --regions=A,B,...          regions to draw from instead of the control plane's
        --agents=N                 agents (streams), each its own node id       [1000]
        --streams-per-channel=K    agents sharing one TCP connection (HTTP/2)   [1]
        --gpus=SPEC/SPEC/...       inventories drawn per agent, the agent's
                                   lastmile.agent.gpu.simulated format          [2xL4:23034:72/1xA100-80GB:81920:300]
        --run-time=MIN..MAX        run time of an attempt, drawn uniformly      [200ms..2s]
        --fail-share=F             share of attempts that end FAILED (exit 1)   [0]
        --duration=D               measured time once every agent registered    [60s]
        --ramp=D                   spread the first dials over D (0: at once)   [0s]
        --redial-share=F           share of agents dropped and dialled again
                                   every --redial-every, as an agent restart
                                   does (same node id, its attempts reported
                                   in the new Register)                         [0]
        --redial-every=D           time between drop rounds                     [15s]
        --redial-pause=D           time a dropped agent stays away              [1s]
        --node-prefix=P            node ids are P-00000, P-00001, ...           [swarm]
        --seed=S                   seed of every draw (regions, inventories,
                                   run times, drops)                            [42]
        --threads=T                threads that all agents share                [available cores]
        --watch-pid=PID            also report this process's CPU and RSS
                                   (Linux /proc), for example the control plane
        --submitters=C             closed-loop clients that submit one-GPU jobs
                                   through gRPC during the measured time, each
                                   the next as soon as the last is accepted     [0]
        --in-flight=N              with --submitters: the clients wait while N
                                   of their jobs are accepted and not ended on
                                   an agent, so the offered load follows what
                                   the fleet completes (0: no limit)            [0]
        --drain=D                  with --submitters: after the measured time,
                                   stop submitting and wait up to D for every
                                   accepted job to succeed, then say how many
                                   did not (lost, failed or still waiting)      [0s]
        --help                     this text

      Durations: 250ms, 2s, 1m. Prints registration time (Register sent to Registered handled,
      p50/p99), heartbeat round trips (sent to acknowledged, p50/p99, over the measured time),
      missed heartbeats (never acknowledged, not counting each agent's last one still in flight)
      and the CPU of the swarm (and of --watch-pid) while dialling and while measured. A probe
      calls GetJob ten times a second from the first dial (its answer times show how other calls
      fare during a registration storm); with --submitters, also jobs accepted, jobs that reached
      SUCCEEDED per second, Submit to RUNNING and to SUCCEEDED (p50/p99) and the backlog at the end.

      Example (see docs/benchmarks.md, "Agent swarm"):
        java -cp bench/target/lastmile-bench.jar io.lastmile.bench.swarm.AgentSwarm \\
          --agents=1000 --streams-per-channel=50 --duration=60s --watch-pid=$(pgrep -f quarkus-run)
      """;

  public SwarmOptions {
    regions = List.copyOf(regions);
    inventories = List.copyOf(inventories);
    positive("--agents", agents);
    positive("--streams-per-channel", streamsPerChannel);
    positive("--threads", threads);
    if (drain.isNegative()) {
      throw new IllegalArgumentException(
          "--drain must be 0s or more (got %d ms)".formatted(drain.toMillis()));
    }
    if (inFlight < 0) {
      throw new IllegalArgumentException(
          "--in-flight must be 0 or more (got %d)".formatted(inFlight));
    }
    if (submitters < 0) {
      throw new IllegalArgumentException(
          "--submitters must be 0 or more (got %d)".formatted(submitters));
    }
    if (inventories.isEmpty()) {
      throw new IllegalArgumentException("--gpus: give at least one inventory");
    }
    if (!(redialShare >= 0 && redialShare <= 1)) {
      throw new IllegalArgumentException("--redial-share must be between 0 and 1");
    }
    if (redialEvery.isZero() || redialEvery.isNegative()) {
      throw new IllegalArgumentException("--redial-every must be above 0");
    }
  }

  /** The defaults, as {@link #HELP} lists them. */
  public static SwarmOptions defaults() {
    return parse();
  }

  /**
   * Reads a command line.
   *
   * @throws IllegalArgumentException naming the option that is wrong
   */
  public static SwarmOptions parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("'%s' is not an option; see --help".formatted(arg));
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        given.put(arg.substring(2, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.length) {
        given.put(arg.substring(2), args[++i]);
      } else {
        throw new IllegalArgumentException("%s needs a value; see --help".formatted(arg));
      }
    }
    Options o = new Options(given);
    String[] runTime = o.text("run-time", "200ms..2s").split("\\.\\.", -1);
    if (runTime.length != 2) {
      throw new IllegalArgumentException("--run-time must be MIN..MAX, for example 200ms..2s");
    }
    SwarmOptions options =
        new SwarmOptions(
            o.text("control-plane", "localhost:9090"),
            URI.create(o.text("http", "http://localhost:8080")),
            o.list("regions", ",", ""),
            o.integer("agents", 1000),
            o.integer("streams-per-channel", 1),
            o.list("gpus", "/", "2xL4:23034:72/1xA100-80GB:81920:300"),
            new Workloads(
                duration("--run-time", runTime[0]),
                duration("--run-time", runTime[1]),
                o.number("fail-share", 0)),
            o.duration("duration", "60s"),
            o.duration("ramp", "0s"),
            o.number("redial-share", 0),
            o.duration("redial-every", "15s"),
            o.duration("redial-pause", "1s"),
            o.text("node-prefix", "swarm"),
            o.integer("seed", 42),
            o.integer("threads", Runtime.getRuntime().availableProcessors()),
            o.integer("watch-pid", 0),
            o.integer("submitters", 0),
            o.integer("in-flight", 0),
            o.duration("drain", "0s"));
    o.unknown()
        .ifPresent(
            name -> {
              throw new IllegalArgumentException(
                  "--%s is not an option; see --help".formatted(name));
            });
    return options;
  }

  /** The same options with {@code n} agents. */
  public SwarmOptions withAgents(int n) {
    return new SwarmOptions(
        controlPlane,
        httpBase,
        regions,
        n,
        streamsPerChannel,
        inventories,
        workloads,
        duration,
        ramp,
        redialShare,
        redialEvery,
        redialPause,
        nodePrefix,
        seed,
        threads,
        watchPid,
        submitters,
        inFlight,
        drain);
  }

  static Duration duration(String option, String text) {
    String t = text.strip();
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      if (t.endsWith("s")) {
        return Duration.ofMillis(
            Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
      }
      if (t.endsWith("m")) {
        return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "%s: '%s' is not a duration such as 250ms, 2s or 1m".formatted(option, text));
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("%s must be at least 1 (got %d)".formatted(option, value));
    }
  }

  /** The given options, each read once; what is left over is unknown. */
  private static final class Options {
    private final Map<String, String> given;

    Options(Map<String, String> given) {
      this.given = new HashMap<>(given);
    }

    String text(String name, String fallback) {
      String value = given.remove(name);
      return value == null ? fallback : value;
    }

    List<String> list(String name, String separator, String fallback) {
      String value = text(name, fallback);
      return value.isBlank()
          ? List.of()
          : Arrays.stream(value.split(separator))
              .map(String::strip)
              .filter(s -> !s.isEmpty())
              .toList();
    }

    int integer(String name, int fallback) {
      String value = text(name, String.valueOf(fallback));
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--%s: '%s' is not a whole number".formatted(name, value));
      }
    }

    double number(String name, double fallback) {
      String value = text(name, String.valueOf(fallback));
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--%s: '%s' is not a number".formatted(name, value));
      }
    }

    Duration duration(String name, String fallback) {
      return SwarmOptions.duration("--" + name, text(name, fallback));
    }

    Optional<String> unknown() {
      return given.keySet().stream().sorted().findFirst();
    }
  }
}
