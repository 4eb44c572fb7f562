package io.lastmile.agent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Starts workloads as host processes: each in its own session and process group (through {@code
 * setsid} where the host has it) so a stop reaches every process it started; as the {@link
 * WorkloadUser} (through {@code setpriv}, with no new privileges) when the agent is root; in a
 * working directory of its own; with stdout and stderr captured to files up to a cap; with an
 * environment made only of what the job declared plus the GPU visibility variables.
 */
public final class ProcessDriver {
  /** Most bytes of each log sent up with a status. */
  static final int TAIL_BYTES = 2048;

  /** Default cap of each captured stream (stdout, stderr) per attempt: 64 MiB. */
  public static final long DEFAULT_MAX_LOG_BYTES = 64L << 20;

  /** The {@code PATH} a workload gets unless its job sets one. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Set<PosixFilePermission> TRAVERSE_ONLY =
      PosixFilePermissions.fromString("rwx--x--x");
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_AND_GROUP =
      PosixFilePermissions.fromString("rwxrwx---");

  private final Path workRoot;
  private final WorkloadUser user;
  private final long maxLogBytes;

  /**
   * Whether the agent is root and hands the workload's folders over by owner; an agent that runs as
   * its own user (with CAP_SETUID and CAP_SETGID only) shares them through the workload user's
   * group, of which it is a member.
   */
  private final boolean agentIsRoot;

  /** Workloads run as the agent's user with the default log cap. */
  public ProcessDriver(Path workRoot) {
    this(workRoot, WorkloadUser.AGENT, DEFAULT_MAX_LOG_BYTES);
  }

  /**
   * @param maxLogBytes most bytes kept of each of stdout and stderr per attempt; the rest is
   *     discarded after a truncation marker while the workload keeps running
   */
  public ProcessDriver(Path workRoot, WorkloadUser user, long maxLogBytes) {
    this.workRoot = workRoot;
    this.user = user;
    this.maxLogBytes = maxLogBytes;
    this.agentIsRoot = WorkloadUser.agentUid() == 0;
  }

  /**
   * Runs the workload under a small shell wrapper, itself already the workload's user and with no
   * environment but {@code PATH}: it reads the job's environment from its stdin (as shell {@code
   * export} lines the agent writes, so no value shows in a process listing and none reaches a
   * privileged process), records its pid in {@value #PID_FILE}, copies the workload's output into
   * the logs up to the cap, forwards SIGTERM/SIGINT to it and records its exit code in {@value
   * #EXIT_FILE}, so the code survives an agent restart: an agent that re-adopts a workload it did
   * not start can still report how it ended. The output copiers ignore SIGTERM/SIGINT from the
   * moment they are forked (a subshell inherits an ignored signal; a trap set in it would come too
   * late for a workload that ends at once): were they stopped first, a workload writing while it
   * shuts down would die of SIGPIPE (exit 141) instead of finishing its own shutdown, and the
   * output of one that ends at once would be lost. The workload gets the default dispositions back
   * (a subshell resets trapped signals). When the workload has ended, whatever it left running in
   * the group (its own process group, under setsid) gets SIGTERM, as a container's processes do
   * when its main process ends.
   */
  static final String WRAPPER =
      """
      umask 007
      echo $$ > .pid
      cap=$1; group=$2; shift 2
      environment=$(cat)
      exec < /dev/null
      rm -f .stdout.pipe .stderr.pipe
      mkfifo .stdout.pipe .stderr.pipe || exit 125
      capture() {
        head -c "$cap"
        if [ "$(head -c 1 | wc -c)" -gt 0 ]; then
          printf '\n[lastmile: output truncated at %s bytes; the rest is discarded]\n' "$cap"
          cat > /dev/null
        fi
      }
      trap '' TERM INT
      capture < .stdout.pipe > stdout.log &
      out=$!
      capture < .stderr.pipe > stderr.log &
      err=$!
      trap 'kill -TERM "$child" 2>/dev/null' TERM
      trap 'kill -INT "$child" 2>/dev/null' INT
      (cd work && umask 022 && unset OLDPWD PWD && eval "$environment" && exec "$@") \
        > .stdout.pipe 2> .stderr.pipe &
      child=$!
      wait "$child"; code=$?
      while kill -0 "$child" 2>/dev/null; do wait "$child"; code=$?; done
      trap '' TERM INT
      if [ "$group" = own ]; then kill -TERM 0 2>/dev/null; fi
      ( sleep 2; kill -KILL "$out" "$err" 2>/dev/null ) &
      guard=$!
      wait "$out" "$err" 2>/dev/null
      kill "$guard" 2>/dev/null
      rm -f .stdout.pipe .stderr.pipe
      printf '%s\n' "$code" > .exit_code.tmp && mv .exit_code.tmp .exit_code
      exit "$code"
      """;

  /** File in the run directory holding the wrapper's pid (the process group) once started. */
  public static final String PID_FILE = ".pid";

  /** File in the run directory holding the workload's exit code once it has ended. */
  public static final String EXIT_FILE = ".exit_code";

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /**
   * Creates the work directory. When workloads run as another user, makes it and its {@code
   * attempts} folder traversable (not readable) by that user and checks that every folder above it
   * is too.
   *
   * @throws IllegalStateException naming the folder the workload user cannot pass and what to do
   */
  public void prepare() {
    try {
      Files.createDirectories(workRoot.resolve("attempts"));
      if (!user.switches()) {
        return;
      }
      if (!Files.isExecutable(SETPRIV)) {
        throw new IllegalStateException(
            "workloads run as %s but %s is missing: install util-linux"
                .formatted(user.name(), SETPRIV));
      }
      Files.setPosixFilePermissions(workRoot, TRAVERSE_ONLY);
      Files.setPosixFilePermissions(workRoot.resolve("attempts"), TRAVERSE_ONLY);
      if (!agentIsRoot) {
        requireWorkloadGroup();
      }
      for (Path p = workRoot.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
        if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
          throw new IllegalStateException(
              ("workloads run as %s, who cannot reach the work directory %s through %s: run chmod"
                      + " o+x %s or set lastmile.agent.work-dir to a folder under one they can"
                      + " pass (the default is under /tmp)")
                  .formatted(user.name(), workRoot, p, p));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot prepare the work directory %s (lastmile.agent.work-dir): %s"
              .formatted(workRoot, e.getMessage()),
          e);
    }
  }

  /** An agent that is not root must be in the workload user's group to share its folders. */
  private void requireWorkloadGroup() throws IOException {
    Path check = Files.createDirectories(workRoot.resolve("attempts").resolve(".group-check"));
    try {
      Files.setAttribute(check, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new IllegalStateException(
          ("workloads run as %s, whose group (gid %d) the agent's user is not in, so the agent"
                  + " cannot share the attempts' folders with them: add it"
                  + " (SupplementaryGroups=%s in the systemd unit, or usermod -aG) and restart")
              .formatted(user.name(), user.gid(), user.name()),
          e);
    } finally {
      Files.deleteIfExists(check);
    }
  }

  /**
   * Starts the workload; the returned process is the group leader when setsid is available. The
   * attempt directory (the agent's journal) stays the agent's; {@code run/} (wrapper files and
   * logs) and {@code run/work/} (working directory and {@code HOME}) belong to the workload user.
   */
  public Process start(AttemptSpec spec) throws IOException {
    Path dir = attemptDir(spec.attemptId());
    Path run = runDir(spec.attemptId());
    Files.createDirectories(run.resolve("work"));
    if (user.switches()) {
      Files.setPosixFilePermissions(dir, TRAVERSE_ONLY);
      for (Path owned : List.of(run, run.resolve("work"))) {
        if (agentIsRoot) {
          Files.setAttribute(owned, "posix:permissions", OWNER_ONLY, LinkOption.NOFOLLOW_LINKS);
          Files.setAttribute(owned, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        } else {
          Files.setAttribute(
              owned, "posix:permissions", OWNER_AND_GROUP, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(owned, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    }
    Files.deleteIfExists(run.resolve(EXIT_FILE));
    Files.deleteIfExists(run.resolve(PID_FILE));
    String exports = exports(environment(spec, run.resolve("work")));
    ProcessBuilder builder =
        new ProcessBuilder(command(spec))
            .directory(run.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("wrapper.log").toFile());
    builder.environment().clear();
    builder.environment().put("PATH", DEFAULT_PATH);
    Process process = builder.start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(exports.getBytes(StandardCharsets.UTF_8));
    }
    return process;
  }

  private List<String> command(AttemptSpec spec) {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(SETSID)) {
      command.add(SETSID.toString());
    }
    if (user.switches()) {
      command.addAll(asWorkloadUser());
    }
    command.addAll(List.of("/bin/sh", "-c", WRAPPER, "lastmile-attempt"));
    command.add(Long.toString(maxLogBytes));
    command.add(Files.isExecutable(SETSID) ? "own" : "shared");
    command.add(spec.command());
    command.addAll(spec.args());
    return command;
  }

  /** The environment as {@code export} lines; values single-quoted, so the shell reads them raw. */
  static String exports(Map<String, String> env) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches() || e.getValue().indexOf('\0') >= 0) {
        throw new IOException(
            "environment variable " + e.getKey() + " has an invalid name or a NUL in its value");
      }
      out.append("export ")
          .append(e.getKey())
          .append("='")
          .append(e.getValue().replace("'", "'\\''"))
          .append("'\n");
    }
    return out.toString();
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

  /**
   * Asks the workload to stop, or, with {@code force}, kills its whole process group (SIGKILL). As
   * with {@code docker stop}, SIGTERM goes to the main process only, through the wrapper, so it
   * arrives exactly once (servers often take a second one as "quit now") and never cuts short a
   * command the workload's own shutdown runs; the wrapper passes it on to what is left in the group
   * once the main process has ended. Workloads of another user are signalled as that user (through
   * {@code setpriv}): an agent with CAP_SETUID but not CAP_KILL, as the systemd unit runs it, may
   * not signal them itself.
   */
  public void signal(ProcessHandle process, boolean force) {
    boolean group = force && Files.isExecutable(SETSID);
    if (user.switches()) {
      List<String> kill = new ArrayList<>(asWorkloadUser());
      kill.addAll(List.of("kill", force ? "-KILL" : "-TERM", "--"));
      if (group) {
        kill.add("-" + process.pid());
      } else {
        if (force) {
          process.descendants().forEach(p -> kill.add(Long.toString(p.pid())));
        }
        kill.add(Long.toString(process.pid()));
      }
      run(kill);
      return;
    }
    if (!force) {
      process.destroy();
      return;
    }
    if (group) {
      run(List.of("kill", "-KILL", "--", "-" + process.pid()));
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /**
   * The {@code setpriv} prefix that runs a command as the workload user, in its own groups. An
   * agent with ambient CAP_SETUID would pass it on: the command gets no capability at all.
   */
  private List<String> asWorkloadUser() {
    return List.of(
        SETPRIV.toString(),
        "--reuid=" + user.uid(),
        "--regid=" + user.gid(),
        "--init-groups",
        "--inh-caps=-all",
        "--ambient-caps=-all",
        "--no-new-privs",
        "--");
  }

  private static void run(List<String> command) {
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.waitFor();
    } catch (IOException e) {
      // The workload ended or cannot be signalled this way; the caller checks whether it is alive.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The exit code the wrapper recorded, if the workload has ended. */
  public Optional<Integer> recordedExitCode(String attemptId) {
    try {
      return Optional.of(Integer.parseInt(readSmall(runDir(attemptId).resolve(EXIT_FILE))));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The pid the wrapper recorded when it started, if it did and that process is still the workload
   * user's: the file sits where the workload can write, so it is trusted no further than that.
   */
  public Optional<Long> recordedPid(String attemptId) {
    long pid;
    try {
      pid = Long.parseLong(readSmall(runDir(attemptId).resolve(PID_FILE)));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
    if (pid <= 1) {
      return Optional.empty();
    }
    Optional<String> expected =
        user.switches() ? Optional.of(user.name()) : ProcessHandle.current().info().user();
    Optional<String> owner = ProcessHandle.of(pid).flatMap(h -> h.info().user());
    if (owner.isPresent() && expected.isPresent() && !owner.equals(expected)) {
      return Optional.empty();
    }
    return Optional.of(pid);
  }

  /** The last lines of the attempt's stdout and stderr. */
  public String logTail(String attemptId) {
    Path run = runDir(attemptId);
    String out = tail(run.resolve("stdout.log"));
    String err = tail(run.resolve("stderr.log"));
    if (err.isEmpty()) {
      return out;
    }
    return out + (out.isEmpty() || out.endsWith("\n") ? "" : "\n") + "[stderr]\n" + err;
  }

  /** The agent's folder of an attempt: its journal. */
  public Path attemptDir(String attemptId) {
    return workRoot.resolve("attempts").resolve(attemptId.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /** The workload user's folder of an attempt: the wrapper's files and the logs. */
  public Path runDir(String attemptId) {
    return attemptDir(attemptId).resolve("run");
  }

  /** The workload's working directory and {@code HOME}. */
  public Path workDir(String attemptId) {
    return runDir(attemptId).resolve("work");
  }

  /** Reads a short file the workload could have replaced; a link is not followed. */
  private static String readSmall(Path file) throws IOException {
    try (SeekableByteChannel in =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      in.read(buffer);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    }
  }

  private static String tail(Path file) {
    try (SeekableByteChannel in =
        Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long start = Math.max(0, in.size() - TAIL_BYTES);
      ByteBuffer buffer = ByteBuffer.allocate((int) (in.size() - start));
      in.position(start);
      while (buffer.hasRemaining() && in.read(buffer) > 0) {
        // read until the buffer is full or the file ends
      }
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
