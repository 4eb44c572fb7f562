package io.lastmile.agent.gpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short-lived command with a deadline and collects its output.
 *
 * <p>Both pipes are drained on helper threads while the caller waits on the deadline: a hung driver
 * must cost us the timeout, never a blocked read, and a chatty stderr must not fill its pipe and
 * stall the child.
 */
final class CommandRunner {

  /** What a finished command left behind. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** The command ran past its deadline and was killed. */
  static final class TimedOut extends Exception {
    TimedOut() {
      super(null, null, false, false);
    }
  }

  private static final ExecutorService PIPES =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "lastmile-command-pipe");
            thread.setDaemon(true);
            return thread;
          });

  private CommandRunner() {}

  /**
   * @throws IOException when the command cannot be started (not found, not executable)
   * @throws TimedOut when it does not exit within the timeout
   */
  static Result run(List<String> command, Duration timeout)
      throws IOException, TimedOut, InterruptedException {
    Process process = new ProcessBuilder(command).start();
    process.getOutputStream().close();
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new TimedOut();
      }
      return new Result(process.exitValue(), collect(stdout), collect(stderr));
    } finally {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        PIPES);
  }

  /** The child has exited; its pipes close unless a grandchild holds them, so wait only briefly. */
  private static String collect(CompletableFuture<String> output)
      throws IOException, InterruptedException {
    try {
      return output.get(1, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException u
          ? u.getCause()
          : new IOException(e.getCause());
    } catch (TimeoutException e) {
      output.cancel(true);
      return "";
    }
  }
}
