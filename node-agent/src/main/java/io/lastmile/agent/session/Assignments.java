package io.lastmile.agent.session;

import io.lastmile.agent.runtime.AttemptSpec;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.api.v1.Assign;
import io.lastmile.api.v1.Workload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an {@link Assign} into what the runtime starts, or refuses it naming the field. Messages
 * quote ids and counts, never an environment value.
 */
final class Assignments {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final int MAX_COMMAND_CHARS = 4096;
  private static final int MAX_GPU_INDEX = 1023;
  private static final Duration MAX_TIMEOUT = Duration.ofDays(366);

  private final WorkloadLimits limits;

  Assignments(WorkloadLimits limits) {
    this.limits = limits;
  }

  AttemptSpec read(Assign a) throws InvalidAssignmentException {
    id("attempt_id", a.getAttemptId());
    id("job_id", a.getJobId());
    Workload w = a.getWorkload();
    String command = w.getCommand();
    if (command.isBlank() || command.length() > MAX_COMMAND_CHARS || command.indexOf('\0') >= 0) {
      throw new InvalidAssignmentException(
          "workload.command",
          "must be a host command of 1 to 4096 characters without NUL (this agent runs no images)",
          command.length() + " characters");
    }
    args(w.getArgsList());
    env(w.getEnvMap());
    return new AttemptSpec(
        a.getAttemptId(),
        a.getJobId(),
        a.getEpoch(),
        command,
        w.getArgsList(),
        w.getEnvMap(),
        gpus(a.getGpuIndicesList()),
        a.hasTimeout() ? timeout(a.getTimeout()) : null,
        a.getKeepOnDisconnect());
  }

  private static void id(String field, String value) throws InvalidAssignmentException {
    if (!ID.matcher(value).matches()) {
      throw new InvalidAssignmentException(
          field,
          "must be 1 to 128 characters of letters, digits and . _ : / -, starting with a letter or"
              + " digit",
          quoted(value));
    }
  }

  /** A value as an error may quote it: printable ASCII only, at most 40 characters. */
  static String quoted(String value) {
    String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
    return "\"" + (printable.length() > 40 ? printable.substring(0, 40) + "..." : printable) + "\"";
  }

  private void args(List<String> args) throws InvalidAssignmentException {
    if (args.size() > limits.maxArgs()) {
      throw new InvalidAssignmentException(
          "workload.args", "must have at most " + limits.maxArgs(), args.size() + " entries");
    }
    long bytes = 0;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).indexOf('\0') >= 0) {
        throw new InvalidAssignmentException(
            "workload.args[" + i + "]", "must not hold NUL", "NUL");
      }
      bytes += args.get(i).getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > limits.maxArgsBytes()) {
      throw new InvalidAssignmentException(
          "workload.args",
          "must total at most " + limits.maxArgsBytes() + " bytes",
          bytes + " bytes");
    }
  }

  private void env(Map<String, String> env) throws InvalidAssignmentException {
    if (env.size() > limits.maxEnvEntries()) {
      throw new InvalidAssignmentException(
          "workload.env", "must have at most " + limits.maxEnvEntries(), env.size() + " entries");
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      String name = e.getKey();
      if (!ENV_NAME.matcher(name).matches() || name.length() > 256) {
        throw new InvalidAssignmentException(
            "workload.env",
            "names must match [A-Za-z_][A-Za-z0-9_]* (at most 256 characters)",
            "a name of " + name.length() + " characters");
      }
      if (e.getValue().indexOf('\0') >= 0) {
        throw new InvalidAssignmentException(
            "workload.env[" + name + "]", "must not hold NUL", "a value with NUL");
      }
      bytes += name.length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > limits.maxEnvBytes()) {
      throw new InvalidAssignmentException(
          "workload.env",
          "must total at most " + limits.maxEnvBytes() + " bytes",
          bytes + " bytes");
    }
  }

  private static List<Integer> gpus(List<Integer> indices) throws InvalidAssignmentException {
    Set<Integer> seen = new HashSet<>();
    for (int i : indices) {
      if (i < 0 || i > MAX_GPU_INDEX || !seen.add(i)) {
        throw new InvalidAssignmentException(
            "gpu_indices", "must be distinct GPU indices from 0 to " + MAX_GPU_INDEX, "index " + i);
      }
    }
    return indices;
  }

  private static Duration timeout(com.google.protobuf.Duration d)
      throws InvalidAssignmentException {
    if (d.getSeconds() < 0
        || d.getSeconds() > MAX_TIMEOUT.getSeconds()
        || d.getNanos() < 0
        || d.getNanos() > 999_999_999) {
      throw new InvalidAssignmentException(
          "timeout",
          "must be from 0 to " + MAX_TIMEOUT.toDays() + " days",
          d.getSeconds() + "s " + d.getNanos() + "ns");
    }
    Duration timeout = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    return timeout.isZero() ? null : timeout;
  }
}
