package io.lastmile.controlplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code promtool} (package {@code prometheus}; {@code PROMTOOL} overrides the command).
 * Without it a test is skipped, except under {@code CI=true}, where it fails.
 */
public final class Promtool {
  private Promtool() {}

  /** Runs promtool in {@code dir}; asserts it exits 0 and returns what it printed. */
  public static String run(Path dir, String... args) throws IOException, InterruptedException {
    return run(dir, new byte[0], args);
  }

  /** The same with {@code stdin} as its input, as {@code check metrics} reads it. */
  public static String run(Path dir, byte[] stdin, String... args)
      throws IOException, InterruptedException {
    String tool = System.getenv().getOrDefault("PROMTOOL", "promtool");
    List<String> command = new ArrayList<>(List.of(tool));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      String why = tool + " not found (" + e.getMessage() + "); apt-get install prometheus";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + "; skipping");
      throw e;
    }
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
    return out;
  }
}
