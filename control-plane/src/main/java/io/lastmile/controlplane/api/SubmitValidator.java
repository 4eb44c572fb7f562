package io.lastmile.controlplane.api;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.energy.LatencyMap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link SubmitJobRequest} into a domain spec, or rejects it naming the first bad field (as
 * a proto field path) and its value. Limits are documented on the proto fields.
 */
public final class SubmitValidator {
  static final int MAX_ARG_CHARS = 8192;
  static final int MAX_GPUS = 64;
  static final int MAX_ATTEMPTS = 10;
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern JURISDICTION = Pattern.compile("[A-Z0-9-]{2,16}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._/-]{1,63}");
  private static final Pattern IMAGE = Pattern.compile("[^\\s]{1,512}");
  private static final long MAX_GPU_MEMORY_MIB = 1L << 24;
  private static final java.time.Duration MAX_RTT = java.time.Duration.ofMinutes(1);
  private static final java.time.Duration MAX_EXPECTED = java.time.Duration.ofDays(7);

  private static final double MAX_WEIGHT = 1000;
  private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;
  private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

  private final LatencyMap latency;
  private final List<String> scorerNames;
  private final WorkloadLimits limits;

  /**
   * @param latency the regions an origin may name
   * @param scorerNames the scorers a job's own weights may name
   */
  public SubmitValidator(LatencyMap latency, List<String> scorerNames) {
    this(latency, scorerNames, WorkloadLimits.DEFAULTS);
  }

  /**
   * @param limits the most a workload's arguments and environment may hold
   */
  public SubmitValidator(LatencyMap latency, List<String> scorerNames, WorkloadLimits limits) {
    this.latency = latency;
    this.scorerNames = List.copyOf(scorerNames);
    this.limits = limits;
  }

  public String requestId(SubmitJobRequest request) {
    String id = request.getRequestId();
    if (!REQUEST_ID.matcher(id).matches()) {
      throw new InvalidFieldException(
          "request_id", id, "must be 1 to 128 characters of letters, digits and . _ : -");
    }
    return id;
  }

  public io.lastmile.controlplane.domain.JobSpec spec(SubmitJobRequest request) {
    if (!request.hasSpec()) {
      throw new InvalidFieldException("spec", "unset", "is required");
    }
    JobSpec spec = request.getSpec();
    if (spec.getName().length() > 128) {
      throw new InvalidFieldException(
          "spec.name", spec.getName(), "must be at most 128 characters");
    }
    JobClass jobClass = jobClass(spec);
    Instant deadline = null;
    if (jobClass == JobClass.DEFERRABLE) {
      if (!spec.hasDeadline()) {
        throw new InvalidFieldException(
            "spec.deadline", "unset", "is required for JOB_CLASS_DEFERRABLE");
      }
      deadline = timestamp("spec.deadline", spec.getDeadline());
    }
    java.time.Duration expected =
        spec.hasExpectedDuration()
            ? duration("spec.expected_duration", spec.getExpectedDuration(), MAX_EXPECTED)
            : java.time.Duration.ZERO;
    int maxAttempts = spec.getMaxAttempts();
    if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
      throw new InvalidFieldException(
          "spec.max_attempts", maxAttempts, "must be between 0 (default 1) and " + MAX_ATTEMPTS);
    }
    if (spec.getPriority() < -1000 || spec.getPriority() > 1000) {
      throw new InvalidFieldException(
          "spec.priority", spec.getPriority(), "must be between -1000 and 1000");
    }
    java.time.Duration timeout =
        spec.hasTimeout() ? duration("spec.timeout", spec.getTimeout(), MAX_EXPECTED) : null;
    return new io.lastmile.controlplane.domain.JobSpec(
        spec.getName(),
        workload(spec),
        resources(spec.getResources()),
        placement(spec.getPlacement()),
        jobClass,
        deadline,
        expected.isZero()
            ? io.lastmile.controlplane.domain.JobSpec.DEFAULT_EXPECTED_DURATION
            : expected,
        maxAttempts == 0
            ? io.lastmile.controlplane.domain.JobSpec.DEFAULT_MAX_ATTEMPTS
            : maxAttempts,
        spec.getPriority(),
        timeout == null || timeout.isZero() ? null : timeout,
        scoring(spec.getScoring()),
        "");
  }

  private JobScoring scoring(Scoring s) {
    for (Map.Entry<String, Double> e : s.getWeightsMap().entrySet()) {
      String field = "spec.scoring.weights[" + e.getKey() + "]";
      if (!scorerNames.contains(e.getKey())) {
        throw new InvalidFieldException(
            "spec.scoring.weights",
            e.getKey(),
            "names no scorer (known: %s)".formatted(String.join(", ", scorerNames)));
      }
      double w = e.getValue();
      if (!(w >= 0 && w <= MAX_WEIGHT)) {
        throw new InvalidFieldException(
            field, e.getValue(), "must be a number from 0 (ignore the scorer) to " + MAX_WEIGHT);
      }
    }
    PackingPolicy packing =
        switch (s.getPacking()) {
          case PACKING_UNSPECIFIED -> null;
          case PACKING_BIN_PACK -> PackingPolicy.BIN_PACK;
          case PACKING_SPREAD -> PackingPolicy.SPREAD;
          default ->
              throw new InvalidFieldException(
                  "spec.scoring.packing",
                  s.getPackingValue(),
                  "must be PACKING_UNSPECIFIED, PACKING_BIN_PACK or PACKING_SPREAD");
        };
    return new JobScoring(s.getWeightsMap(), packing);
  }

  private static JobClass jobClass(JobSpec spec) {
    return switch (spec.getJobClass()) {
      case JOB_CLASS_UNSPECIFIED, JOB_CLASS_STANDARD -> JobClass.STANDARD;
      case JOB_CLASS_LATENCY_CRITICAL -> JobClass.LATENCY_CRITICAL;
      case JOB_CLASS_DEFERRABLE -> JobClass.DEFERRABLE;
      case JOB_CLASS_INTERRUPTIBLE -> JobClass.INTERRUPTIBLE;
      case UNRECOGNIZED ->
          throw new InvalidFieldException(
              "spec.job_class",
              spec.getJobClassValue(),
              "is not a known JobClass (LATENCY_CRITICAL=1, STANDARD=2, DEFERRABLE=3, INTERRUPTIBLE=4)");
    };
  }

  private io.lastmile.controlplane.domain.Workload workload(JobSpec spec) {
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

  private static ResourceRequest resources(Resources r) {
    if (r.getGpuCount() < 0 || r.getGpuCount() > MAX_GPUS) {
      throw new InvalidFieldException(
          "spec.resources.gpu_count", r.getGpuCount(), "must be between 0 and " + MAX_GPUS);
    }
    if (r.getGpuMemoryMib() < 0 || r.getGpuMemoryMib() > MAX_GPU_MEMORY_MIB) {
      throw new InvalidFieldException(
          "spec.resources.gpu_memory_mib",
          r.getGpuMemoryMib(),
          "must be between 0 and " + MAX_GPU_MEMORY_MIB);
    }
    if (r.getGpuMemoryMib() > 0 && r.getGpuCount() == 0) {
      throw new InvalidFieldException(
          "spec.resources.gpu_memory_mib", r.getGpuMemoryMib(), "needs gpu_count of at least 1");
    }
    if (r.getGpuModel().length() > 64) {
      throw new InvalidFieldException(
          "spec.resources.gpu_model", r.getGpuModel(), "must be at most 64 characters");
    }
    if (r.getCpuMillis() < 0) {
      throw new InvalidFieldException(
          "spec.resources.cpu_millis", r.getCpuMillis(), "must be >= 0");
    }
    if (r.getMemoryMib() < 0) {
      throw new InvalidFieldException(
          "spec.resources.memory_mib", r.getMemoryMib(), "must be >= 0");
    }
    return new ResourceRequest(
        r.getGpuCount(), r.getGpuMemoryMib(), r.getGpuModel(), r.getCpuMillis(), r.getMemoryMib());
  }

  private PlacementConstraints placement(Placement p) {
    String origin = p.getOriginRegion();
    if (!origin.isEmpty() && !latency.knows(origin)) {
      throw new InvalidFieldException(
          "spec.placement.origin_region",
          origin,
          "is not a known region (known: %s)"
              .formatted(String.join(", ", latency.regions().stream().sorted().toList())));
    }
    double maxRttMs = 0;
    if (p.hasMaxRtt()) {
      maxRttMs = duration("spec.placement.max_rtt", p.getMaxRtt(), MAX_RTT).toNanos() / 1e6;
      if (maxRttMs > 0 && origin.isEmpty()) {
        throw new InvalidFieldException(
            "spec.placement.origin_region", origin, "is required when max_rtt is set");
      }
    }
    Set<String> jurisdictions = new LinkedHashSet<>();
    for (String j : p.getAllowedJurisdictionsList()) {
      if (!JURISDICTION.matcher(j).matches()) {
        throw new InvalidFieldException(
            "spec.placement.allowed_jurisdictions",
            j,
            "entries must be 2 to 16 upper-case letters, digits or '-', for example DE");
      }
      jurisdictions.add(j);
    }
    for (Map.Entry<String, String> e : p.getLabelSelectorMap().entrySet()) {
      if (!LABEL.matcher(e.getKey()).matches() || e.getValue().length() > 63) {
        throw new InvalidFieldException(
            "spec.placement.label_selector",
            e.getKey() + "=" + e.getValue(),
            "keys must be 1 to 63 characters of [A-Za-z0-9._/-], values at most 63");
      }
    }
    return new PlacementConstraints(origin, maxRttMs, jurisdictions, p.getLabelSelectorMap());
  }

  /** A time within the range {@code google.protobuf.Timestamp} defines (years 1 to 9999). */
  private static Instant timestamp(String field, Timestamp t) {
    if (t.getSeconds() < MIN_TIMESTAMP_SECONDS
        || t.getSeconds() > MAX_TIMESTAMP_SECONDS
        || t.getNanos() < 0
        || t.getNanos() > 999_999_999) {
      throw new InvalidFieldException(
          field,
          t.getSeconds() + "s " + t.getNanos() + "ns",
          "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  private static java.time.Duration duration(String field, Duration d, java.time.Duration max) {
    java.time.Duration value;
    try {
      value = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    } catch (ArithmeticException e) {
      throw new InvalidFieldException(field, d.getSeconds() + "s", "is not a valid duration");
    }
    if (value.isNegative() || d.getNanos() < 0 || d.getNanos() > 999_999_999) {
      throw new InvalidFieldException(field, value, "must not be negative");
    }
    if (value.compareTo(max) > 0) {
      throw new InvalidFieldException(field, value, "must be at most " + max);
    }
    return value;
  }
}
