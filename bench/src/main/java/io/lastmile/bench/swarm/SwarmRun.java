package io.lastmile.bench.swarm;

import io.lastmile.agent.runtime.AttemptPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The swarm run from the command line: dial, wait for every registration, measure, report. */
final class SwarmRun {
  /** How long the agents may take to register before the run goes on without the rest. */
  private static final Duration REGISTER_WITHIN = Duration.ofMinutes(5);

  private SwarmRun() {}

  static void run(SwarmOptions options, PrintStream out) throws InterruptedException {
    String watched = String.valueOf(options.watchPid());
    Optional<ProcessUsage> selfAtStart = ProcessUsage.of("self");
    Optional<ProcessUsage> watchedAtStart = ProcessUsage.of(watched);
    long start = System.nanoTime();
    try (AgentSwarm swarm = AgentSwarm.start(options);
        ClientLoad load = new ClientLoad(options.controlPlane(), swarm.runs())) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> out.println(swarm.report().text())));
      long deadline = start + REGISTER_WITHIN.toNanos() + options.ramp().toNanos();
      long lastLine = 0;
      while (swarm.registered() + swarm.refusals().size() < options.agents()
          && System.nanoTime() < deadline) {
        if (System.nanoTime() - lastLine > 5_000_000_000L) {
          out.printf("%d of %d agents registered%n", swarm.registered(), options.agents());
          lastLine = System.nanoTime();
        }
        Thread.sleep(100);
      }
      long dialNanos = System.nanoTime() - start;
      out.printf(
          Locale.ROOT,
          "%d of %d agents registered in %.1f s%n",
          swarm.registered(),
          options.agents(),
          dialNanos / 1e9);
      swarm.refusals().stream().limit(3).forEach(r -> out.println("refused: " + r));
      Optional<ProcessUsage> selfDialled = ProcessUsage.of("self");
      Optional<ProcessUsage> watchedDialled = ProcessUsage.of(watched);
      swarm.startWindow();
      long windowStart = System.nanoTime();
      long succeededBefore = swarm.runs().ended(AttemptPhase.SUCCEEDED);
      load.startClients(options.submitters(), options.inFlight());
      Thread.sleep(options.duration().toMillis());
      long windowNanos = System.nanoTime() - windowStart;
      long succeeded = swarm.runs().ended(AttemptPhase.SUCCEEDED) - succeededBefore;
      out.println(swarm.report().text());
      out.println(load.text());
      out.printf(
          Locale.ROOT,
          "throughput        %d jobs SUCCEEDED in the measured time, %.1f per second%n",
          succeeded,
          succeeded / (windowNanos / 1e9));
      cpu(
          out,
          "swarm CPU",
          selfAtStart,
          selfDialled,
          ProcessUsage.of("self"),
          dialNanos,
          windowNanos);
      if (options.watchPid() > 0) {
        cpu(
            out,
            "pid " + watched + " CPU",
            watchedAtStart,
            watchedDialled,
            ProcessUsage.of(watched),
            dialNanos,
            windowNanos);
      }
      if (!options.drain().isZero()) {
        drain(options, load, swarm.runs(), out);
      }
      Runtime.getRuntime().halt(0); // the report is printed: skip the shutdown hook's copy
    }
  }

  /** Stops the clients and waits for every job they got accepted to succeed, within --drain. */
  private static void drain(SwarmOptions options, ClientLoad load, RunLog runs, PrintStream out)
      throws InterruptedException {
    load.close();
    long start = System.nanoTime();
    long until = start + options.drain().toNanos();
    while (runs.notSucceeded() > 0 && System.nanoTime() < until) {
      Thread.sleep(200);
    }
    out.printf(
        Locale.ROOT,
        "drain             %d of %d accepted jobs not SUCCEEDED after %.1f s more; %d attempts"
            + " started twice in all%n",
        runs.notSucceeded(),
        load.accepted(),
        (System.nanoTime() - start) / 1e9,
        runs.startedMoreThanOnce().size());
  }

  private static void cpu(
      PrintStream out,
      String what,
      Optional<ProcessUsage> start,
      Optional<ProcessUsage> dialled,
      Optional<ProcessUsage> end,
      long dialNanos,
      long windowNanos) {
    if (start.isEmpty() || dialled.isEmpty() || end.isEmpty()) {
      out.println(what + "  not readable (/proc)");
      return;
    }
    long dialMs = dialled.get().cpuMillis() - start.get().cpuMillis();
    long windowMs = end.get().cpuMillis() - dialled.get().cpuMillis();
    out.printf(
        Locale.ROOT,
        "%-17s dialling %.1f s (%.0f%% of a core), measured time %.1f s (%.0f%% of a core); RSS %.0f MiB%n",
        what,
        dialMs / 1e3,
        100.0 * dialMs * 1e6 / Math.max(1, dialNanos),
        windowMs / 1e3,
        100.0 * windowMs * 1e6 / Math.max(1, windowNanos),
        end.get().rssKiB() / 1024.0);
  }
}
