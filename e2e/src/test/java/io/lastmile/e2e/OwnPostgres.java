package io.lastmile.e2e;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own, which it may stop and start (the shared one of {@code
 * .ci/run} serves other tests meanwhile), run through {@code .ci/postgres}.
 */
final class OwnPostgres implements AutoCloseable {
  private static final Path SCRIPT =
      Path.of(System.getProperty("lastmile.root", "..")).resolve(".ci/postgres");

  private final String data = "/tmp/lastmile-pg-" + UUID.randomUUID().toString().substring(0, 8);
  private final int port = LocalCluster.freePort();
  private final String url;

  private OwnPostgres() throws IOException, InterruptedException {
    this.url = run().lines().reduce((a, b) -> b).orElse("");
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException(".ci/postgres printed no JDBC URL: " + url);
    }
  }

  /** Starts one, or skips the test where PostgreSQL cannot be run (outside CI, where it fails). */
  static OwnPostgres start() throws IOException, InterruptedException {
    boolean runnable =
        new ProcessBuilder("bash", "-c", "command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl")
                .start()
                .waitFor()
            == 0;
    if (!runnable) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but PostgreSQL is not installed: .ci/run installs it (.ci/postgres)");
      }
      assumeTrue(false, "PostgreSQL is not installed; the test is skipped");
    }
    return new OwnPostgres();
  }

  String url() {
    return url;
  }

  /** Stops the server with a fast shutdown: open connections are cut, as in a restart. */
  void stop() throws IOException, InterruptedException {
    run("stop");
  }

  /** Starts the stopped server again on its data and port. */
  void restart() throws IOException, InterruptedException {
    run("start", String.valueOf(port));
  }

  private String run(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(args.length == 0 ? List.of(String.valueOf(port)) : List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("LASTMILE_PG_DATA", data);
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(".ci/postgres " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("stop");
    new ProcessBuilder("rm", "-rf", data).start().waitFor(30, TimeUnit.SECONDS);
  }
}
