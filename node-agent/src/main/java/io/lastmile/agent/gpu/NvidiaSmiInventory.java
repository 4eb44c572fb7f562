package io.lastmile.agent.gpu;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the GPUs by running {@code nvidia-smi} as a child process on every {@link #read()}.
 *
 * <p>A process per reading costs tens of milliseconds, which is nothing at the sampling interval,
 * and it keeps the agent free of native bindings so it stays a plain native image. Every failure
 * becomes a {@link NvidiaSmiException} that says what to do next.
 */
public final class NvidiaSmiInventory implements GpuInventory {

  public static final String DEFAULT_PATH = "nvidia-smi";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final String path;
  private final Duration timeout;
  private final List<String> command;
  private final NvidiaSmiParser parser;
  private volatile int lastCount = -1;

  public NvidiaSmiInventory() {
    this(DEFAULT_PATH, DEFAULT_TIMEOUT);
  }

  /**
   * @param path the executable, a bare name looked up on {@code PATH} or an absolute path
   * @param timeout how long one call may take before it is killed
   */
  public NvidiaSmiInventory(String path, Duration timeout) {
    this(path, timeout, NvidiaSmiParser.QUERY_FIELDS);
  }

  /** Queries another field list; lets tests replay captures taken with their own fields. */
  NvidiaSmiInventory(String path, Duration timeout, List<String> fields) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("nvidia-smi path is empty");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("nvidia-smi timeout must be positive: " + timeout);
    }
    this.path = path.strip();
    this.timeout = timeout;
    this.command = new ArrayList<>();
    command.add(this.path);
    command.add("--query-gpu=" + String.join(",", fields));
    command.add("--format=" + NvidiaSmiParser.FORMAT);
    this.parser = NvidiaSmiParser.forFields(fields);
  }

  /** The full command line, for logs. */
  public List<String> command() {
    return List.copyOf(command);
  }

  @Override
  public List<GpuReading> read() {
    CommandRunner.Result result = run();
    if (result.exitCode() != 0) {
      throw new NvidiaSmiException(
          ("%s exited with status %d: %s; run `%s` by hand on this machine: if it fails too,"
                  + " the NVIDIA driver is not loaded or does not match nvidia-smi (reinstall the"
                  + " driver or reboot after an upgrade)")
              .formatted(path, result.exitCode(), firstLines(result), String.join(" ", command)));
    }
    try {
      List<GpuReading> readings = parser.parse(result.stdout());
      lastCount = readings.size();
      return readings;
    } catch (IllegalArgumentException e) {
      throw new NvidiaSmiException(
          "%s printed output the agent cannot read (%s); report it with the output of `%s`"
              .formatted(path, e.getMessage(), String.join(" ", command)),
          e);
    }
  }

  private CommandRunner.Result run() {
    try {
      return CommandRunner.run(command, timeout);
    } catch (IOException e) {
      throw new NvidiaSmiException(
          ("cannot run %s (%s); install the NVIDIA driver, which ships nvidia-smi, or set"
                  + " lastmile.agent.gpu.nvidia-smi-path to where it is")
              .formatted(path, e.getMessage()),
          e);
    } catch (CommandRunner.TimedOut e) {
      throw new NvidiaSmiException(
          ("%s did not answer within %d ms and was stopped; the driver may be hung (check"
                  + " `dmesg` for Xid errors) or the machine overloaded; raise"
                  + " lastmile.agent.gpu.nvidia-smi-timeout if it is merely slow")
              .formatted(path, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NvidiaSmiException("interrupted while waiting for " + path, e);
    }
  }

  private static String firstLines(CommandRunner.Result result) {
    String text = result.stderr().isBlank() ? result.stdout() : result.stderr();
    String lines = String.join(" | ", text.strip().lines().limit(3).toList());
    return lines.isEmpty() ? "no output" : lines;
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public String describe() {
    int count = lastCount;
    return count < 0
        ? "nvidia-smi at " + path
        : "nvidia-smi at %s (%d GPUs)".formatted(path, count);
  }
}
