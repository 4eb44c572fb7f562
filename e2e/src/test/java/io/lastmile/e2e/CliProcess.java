package io.lastmile.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code lastmile} CLI as a separate process and waits for it. */
final class CliProcess {
  static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  static final Path CLI = ROOT.resolve("cli/target/quarkus-app/quarkus-run.jar");

  /** What one run printed and returned. */
  static final class Result {
    final int code;
    final String out;
    final String err;

    Result(int code, String out, String err) {
      this.code = code;
      this.out = out;
      this.err = err;
    }

    @Override
    public String toString() {
      return "exit %d%nout: %s%nerr: %s".formatted(code, out, err);
    }
  }

  private CliProcess() {}

  /**
   * @param work folder for the captured output
   * @param env environment variables added to this JVM's for the CLI
   */
  static Result run(Path work, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(CLI.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(work, "cli", ".out");
      Path err = Files.createTempFile(work, "cli", ".err");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("lastmile " + String.join(" ", args) + " did not finish");
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
