package io.lastmile.controlplane.api;

import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Workload;
import io.lastmile.controlplane.domain.InvalidFieldException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What a job runs: its image or command, arguments and environment, within the workload limits. */
final class WorkloadValidator {
  static final int MAX_ARG_CHARS = 8192;
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern IMAGE = Pattern.compile("[^\\s]{1,512}");

  private final WorkloadLimits limits;

  WorkloadValidator(WorkloadLimits limits) {
    this.limits = limits;
  }

  io.lastmile.controlplane.domain.Workload workload(JobSpec spec) {
    if (!spec.hasWorkload()) {
      throw new InvalidFieldException("spec.workload", "unset", "is required");
    }
    Workload w = spec.getWorkload();
    if (!w.getImage().isEmpty() && !IMAGE.matcher(w.getImage()).matches()) {
      throw new InvalidFieldException(
          "spec.workload.image", w.getImage(), "must be an image reference without spaces");
    }
    if (w.getImage().isEmpty() && w.getCommand().isBlank()) {
      throw new InvalidFieldException(
          "spec.workload.command", w.getCommand(), "is required when no image is given");
    }
    if (w.getCommand().length() > 4096 || w.getCommand().indexOf('\0') >= 0) {
      throw new InvalidFieldException(
          "spec.workload.command", w.getCommand(), "must be at most 4096 characters, without NUL");
    }
    checkArgs(w.getArgsList());
    checkEnv(w.getEnvMap());
    return new io.lastmile.controlplane.domain.Workload(
        w.getCommand(), w.getArgsList(), w.getEnvMap(), w.getImage());
  }

  private void checkArgs(List<String> args) {
    if (args.size() > limits.maxArgs()) {
      throw new InvalidFieldException(
          "spec.workload.args", args.size() + " entries", "must have at most " + limits.maxArgs());
    }
    long bytes = 0;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.length() > MAX_ARG_CHARS || arg.indexOf('\0') >= 0) {
        throw new InvalidFieldException(
            "spec.workload.args[" + i + "]", arg, "must be at most 8192 characters, without NUL");
      }
      bytes += arg.getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > limits.maxArgsBytes()) {
      throw new InvalidFieldException(
          "spec.workload.args",
          bytes + " bytes",
          "must total at most " + limits.maxArgsBytes() + " bytes");
    }
  }

  /** Checks the environment; its values may be secrets, so no message ever quotes one. */
  private void checkEnv(Map<String, String> env) {
    if (env.size() > limits.maxEnvEntries()) {
      throw new InvalidFieldException(
          "spec.workload.env",
          env.size() + " entries",
          "must have at most " + limits.maxEnvEntries());
    }
    long bytes = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ENV_NAME.matcher(e.getKey()).matches()) {
        throw new InvalidFieldException(
            "spec.workload.env", e.getKey(), "names must match [A-Za-z_][A-Za-z0-9_]*");
      }
      int valueBytes = e.getValue().getBytes(StandardCharsets.UTF_8).length;
      if (e.getValue().indexOf('\0') >= 0) {
        throw new InvalidFieldException(
            "spec.workload.env[" + e.getKey() + "]",
            new Withheld(valueBytes),
            "must not contain NUL");
      }
      bytes += e.getKey().getBytes(StandardCharsets.UTF_8).length + valueBytes;
    }
    if (bytes > limits.maxEnvBytes()) {
      throw new InvalidFieldException(
          "spec.workload.env",
          bytes + " bytes",
          "must total at most " + limits.maxEnvBytes() + " bytes");
    }
  }

  /** Stands for an environment value in an error: its size, never its text. */
  private record Withheld(int bytes) {
    @Override
    public String toString() {
      return "a value of %d bytes, not shown".formatted(bytes);
    }
  }
}
