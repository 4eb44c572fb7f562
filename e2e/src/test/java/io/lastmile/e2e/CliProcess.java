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

  private static final java.util.regex.Pattern JOB_ID =
      java.util.regex.Pattern.compile("job-[0-9a-f]{12}");

  /**
   * Submits {@code name} for one GPU running {@code sh -c script}, watches it to the end and checks
   * that it succeeded.
   *
   * @return the job id
   */
  static String submitAndWatchSucceeded(
      Path work, Map<String, String> env, String name, String script) {
    String job = submit(work, env, name, script);
    Result watch = run(work, env, "watch", job);
    org.assertj.core.api.Assertions.assertThat(watch.code).as(watch.toString()).isZero();
    org.assertj.core.api.Assertions.assertThat(watch.out).contains("SUCCEEDED");
    return job;
  }

  /**
   * Submits {@code name} for one GPU running {@code sh -c script}.
   *
   * @return the job id
   */
  static String submit(Path work, Map<String, String> env, String name, String script) {
    Result submit =
        run(work, env, "submit", "--name", name, "--gpus", "1", "--", "sh", "-c", script);
    java.util.regex.Matcher job = JOB_ID.matcher(submit.out);
    org.assertj.core.api.Assertions.assertThat(job.find()).as(submit.toString()).isTrue();
    return job.group();
  }

  /** An API token as {@code lastmile tokens create} shows it once, and its tokens-file line. */
  record OperatorToken(String token, String line) {}

  private static final java.util.regex.Pattern TOKEN =
      java.util.regex.Pattern.compile("lm_[A-Za-z0-9_-]{43}");
  private static final java.util.regex.Pattern LINE =
      java.util.regex.Pattern.compile("[a-z0-9-]+=[0-9a-f]{64},[a-z0-9-]+,\\w+");

  /** Makes an operator token of tenant {@code ops} named {@code name}, offline. */
  static OperatorToken createOperatorToken(Path work, String name) {
    Result made =
        run(
            work,
            Map.of(),
            "tokens",
            "create",
            "--name",
            name,
            "--tenant",
            "ops",
            "--role",
            "operator");
    java.util.regex.Matcher token = TOKEN.matcher(made.out);
    java.util.regex.Matcher line = LINE.matcher(made.out);
    org.assertj.core.api.Assertions.assertThat(token.find() && line.find())
        .as(made.toString())
        .isTrue();
    return new OperatorToken(token.group(), line.group());
  }
}
