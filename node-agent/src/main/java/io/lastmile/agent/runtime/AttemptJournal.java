package io.lastmile.agent.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the agent must remember about an attempt across its own restarts, one small file per attempt
 * ({@code attempt.properties} in the attempt's directory), replaced atomically: the spec and the
 * workload's process id while it runs, then its final status until the control plane acknowledges
 * it. An agent that comes back reads these to re-adopt running workloads and to report finished
 * ones, so no attempt is orphaned, lost or run twice.
 */
public final class AttemptJournal {
  static final String FILE = "attempt.properties";

  private final ProcessDriver driver;

  public AttemptJournal(ProcessDriver driver) {
    this.driver = driver;
  }

  /** A journal entry as read back. */
  public record Record(
      AttemptSpec spec,
      long pid,
      Instant processStart,
      AttemptPhase finalPhase,
      Integer exitCode,
      String message,
      double energyWh) {}

  /** Written before the workload is spawned, so a crash in between never loses the attempt. */
  public void starting(AttemptSpec spec) {
    write(spec.attemptId(), specProperties(spec));
  }

  public void started(AttemptSpec spec, ProcessHandle process) {
    Properties p = specProperties(spec);
    p.setProperty("pid", Long.toString(process.pid()));
    process.info().startInstant().ifPresent(t -> p.setProperty("process-start", t.toString()));
    write(spec.attemptId(), p);
  }

  public void finished(AttemptStatus status) {
    Properties p = specProperties(status.spec());
    p.setProperty("final-phase", status.phase().name());
    if (status.exitCode() != null) {
      p.setProperty("exit-code", status.exitCode().toString());
    }
    p.setProperty("message", status.message());
    p.setProperty("energy-wh", Double.toString(status.energyWh()));
    write(status.spec().attemptId(), p);
  }

  /** The control plane has the final status; nothing more to remember. The logs stay. */
  public void forget(String attemptId) {
    try {
      Files.deleteIfExists(driver.attemptDir(attemptId).resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every remembered attempt, in no particular order. */
  public List<Record> readAll(Path workRoot) {
    Path attempts = workRoot.resolve("attempts");
    List<Record> out = new ArrayList<>();
    if (!Files.isDirectory(attempts)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(attempts)) {
      for (Path file : dirs.map(d -> d.resolve(FILE)).filter(Files::isRegularFile).toList()) {
        out.add(read(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read attempt journal under " + attempts, e);
    }
    return out;
  }

  private static Record read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    }
    List<String> args = new ArrayList<>();
    for (int i = 0; p.containsKey("arg." + i); i++) {
      args.add(p.getProperty("arg." + i));
    }
    List<Integer> gpus =
        p.getProperty("gpus", "").isEmpty()
            ? List.of()
            : Stream.of(p.getProperty("gpus").split(",")).map(Integer::valueOf).toList();
    String timeout = p.getProperty("timeout");
    AttemptSpec spec =
        new AttemptSpec(
            p.getProperty("attempt-id"),
            p.getProperty("job-id"),
            Long.parseLong(p.getProperty("epoch")),
            p.getProperty("command"),
            args,
            Map.of(),
            gpus,
            timeout == null ? null : Duration.parse(timeout),
            Boolean.parseBoolean(p.getProperty("keep-on-disconnect", "false")));
    String phase = p.getProperty("final-phase");
    String exit = p.getProperty("exit-code");
    String start = p.getProperty("process-start");
    return new Record(
        spec,
        Long.parseLong(p.getProperty("pid", "-1")),
        start == null ? null : Instant.parse(start),
        phase == null ? null : AttemptPhase.valueOf(phase),
        exit == null ? null : Integer.valueOf(exit),
        p.getProperty("message", ""),
        Double.parseDouble(p.getProperty("energy-wh", "0")));
  }

  private static Properties specProperties(AttemptSpec spec) {
    Properties p = new Properties();
    p.setProperty("attempt-id", spec.attemptId());
    p.setProperty("job-id", spec.jobId());
    p.setProperty("epoch", Long.toString(spec.epoch()));
    p.setProperty("command", spec.command());
    for (int i = 0; i < spec.args().size(); i++) {
      p.setProperty("arg." + i, spec.args().get(i));
    }
    p.setProperty(
        "gpus", String.join(",", spec.gpuIndices().stream().map(String::valueOf).toList()));
    if (spec.timeout() != null) {
      p.setProperty("timeout", spec.timeout().toString());
    }
    if (spec.keepOnDisconnect()) {
      p.setProperty("keep-on-disconnect", "true");
    }
    return p;
  }

  private void write(String attemptId, Properties p) {
    Path dir = driver.attemptDir(attemptId);
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(FILE + ".tmp");
      // The agent's alone: it holds the job's environment, and workloads can pass through here.
      Files.deleteIfExists(tmp);
      Files.createFile(
          tmp,
          java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
      try (Writer out = Files.newBufferedWriter(tmp)) {
        p.store(out, "Lastmile attempt journal");
      }
      Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal of attempt " + attemptId, e);
    }
  }
}
