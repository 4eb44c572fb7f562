package io.lastmile.agent.runtime;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts workloads as host processes: each in its own session and process group (through {@code
 * setsid} where the host has it) so a stop reaches every process it started; in a working directory
 * of its own with stdout and stderr captured to files; with an environment made only of what the
 * job declared plus the GPU visibility variables.
 */
public final class ProcessDriver {
  /** Most bytes of each log sent up with a status. */
  static final int TAIL_BYTES = 2048;

  private static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Path SETSID = Path.of("/usr/bin/setsid");

  private final Path workRoot;

  public ProcessDriver(Path workRoot) {
    this.workRoot = workRoot;
  }

  /**
   * Runs the workload under a small shell wrapper that forwards SIGTERM/SIGINT to it and records
   * its exit code in {@value #EXIT_FILE}, so the code survives an agent restart: an agent that
   * re-adopts a workload it did not start can still report how it ended.
   */
  static final String WRAPPER =
      """
      echo $$ > .pid
      "$@" &
      child=$!
      trap 'kill -TERM "$child" 2>/dev/null' TERM
      trap 'kill -INT "$child" 2>/dev/null' INT
      wait "$child"; code=$?
      while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done
      printf '%s\\n' "$code" > .exit_code.tmp && mv .exit_code.tmp .exit_code
      exit "$code"
      """;

  /** File in the attempt directory holding the wrapper's pid (the process group) once started. */
  public static final String PID_FILE = ".pid";

  /** File in the attempt directory holding the workload's exit code once it has ended. */
  public static final String EXIT_FILE = ".exit_code";

  /** Starts the workload; the returned process is the group leader when setsid is available. */
  public Process start(AttemptSpec spec) throws IOException {
    Path dir = attemptDir(spec.attemptId());
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(EXIT_FILE));
    Files.deleteIfExists(dir.resolve(PID_FILE));
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    command.addAll(List.of("/bin/sh", "-c", WRAPPER, "lastmile-attempt"));
    command.add(spec.command());
    command.addAll(spec.args());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .redirectError(dir.resolve("stderr.log").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(environment(spec, dir));
    return builder.start();
  }

  /** The workload's whole environment. */
  static Map<String, String> environment(AttemptSpec spec, Path dir) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", DEFAULT_PATH);
    env.put("HOME", dir.toString());
    env.putAll(spec.env());
    String visible =
        spec.gpuIndices().stream().map(String::valueOf).collect(Collectors.joining(","));
    // An empty list hides every GPU; "void" is NVIDIA's documented value for "none" in containers.
    env.put("CUDA_VISIBLE_DEVICES", visible);
    env.put("NVIDIA_VISIBLE_DEVICES", visible.isEmpty() ? "void" : visible);
    env.put("LASTMILE_JOB_ID", spec.jobId());
    env.put("LASTMILE_ATTEMPT_ID", spec.attemptId());
    return env;
  }

  /** Asks the whole process group to stop (SIGTERM), or, with {@code force}, kills it (SIGKILL). */
  public void signal(ProcessHandle process, boolean force) {
    if (Files.isExecutable(SETSID)) {
      try {
        new ProcessBuilder("kill", force ? "-KILL" : "-TERM", "--", "-" + process.pid())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor();
      } catch (IOException e) {
        // fall through to the JDK's per-process signals
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    process.descendants().forEach(p -> destroy(p, force));
    destroy(process, force);
  }

  private static void destroy(ProcessHandle handle, boolean force) {
    if (force) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
  }

  /** The exit code the wrapper recorded, if the workload has ended. */
  public java.util.Optional<Integer> recordedExitCode(String attemptId) {
    try {
      return java.util.Optional.of(
          Integer.parseInt(Files.readString(attemptDir(attemptId).resolve(EXIT_FILE)).strip()));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** The pid the wrapper recorded when it started, if it did. */
  public java.util.Optional<Long> recordedPid(String attemptId) {
    try {
      return java.util.Optional.of(
          Long.parseLong(Files.readString(attemptDir(attemptId).resolve(PID_FILE)).strip()));
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /** The last lines of the attempt's stdout and stderr. */
  public String logTail(String attemptId) {
    Path dir = attemptDir(attemptId);
    String out = tail(dir.resolve("stdout.log"));
    String err = tail(dir.resolve("stderr.log"));
    if (err.isEmpty()) {
      return out;
    }
    return out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[stderr]\n" + err;
  }

  public Path attemptDir(String attemptId) {
    return workRoot.resolve("attempts").resolve(attemptId.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  private static String tail(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, f.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (f.length() - start)];
      f.seek(start);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File("/dev/null");
  }
}
