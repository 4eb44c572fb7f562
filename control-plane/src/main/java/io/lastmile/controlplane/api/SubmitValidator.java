package io.lastmile.controlplane.api;

import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.JobScoring;
import io.lastmile.controlplane.domain.PackingPolicy;
import io.lastmile.controlplane.domain.ResourceRequest;
import io.lastmile.controlplane.energy.LatencyMap;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link SubmitJobRequest} into a domain spec, or rejects it naming the first bad field (as
 * a proto field path) and its value. Limits are documented on the proto fields.
 */
public final class SubmitValidator {
  // Public so that the InferenceJob schema states the same limits.
  public static final int MAX_NAME_LENGTH = 128;
  public static final int MAX_GPUS = 64;
  public static final long MAX_GPU_MEMORY_MIB = 1L << 24;
  public static final int MAX_GPU_MODEL_LENGTH = 64;
  public static final int MAX_ATTEMPTS = 10;
  public static final int MAX_PRIORITY = 1000;
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final java.time.Duration MAX_EXPECTED = java.time.Duration.ofDays(7);

  private static final double MAX_WEIGHT = 1000;

  private final List<String> scorerNames;
  private final WorkloadValidator workloads;
  private final PlacementValidator placements;

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
    this.scorerNames = List.copyOf(scorerNames);
    this.workloads = new WorkloadValidator(limits);
    this.placements = new PlacementValidator(latency);
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
    if (spec.getName().length() > MAX_NAME_LENGTH) {
      throw new InvalidFieldException(
          "spec.name", spec.getName(), "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    InvalidFieldException.requirePrintable("spec.name", spec.getName());
    JobClass jobClass = jobClass(spec);
    Instant deadline = null;
    if (jobClass == JobClass.DEFERRABLE) {
      if (!spec.hasDeadline()) {
        throw new InvalidFieldException(
            "spec.deadline", "unset", "is required for JOB_CLASS_DEFERRABLE");
      }
      deadline = ProtoTimes.timestamp("spec.deadline", spec.getDeadline());
    }
    java.time.Duration expected =
        spec.hasExpectedDuration()
            ? ProtoTimes.duration(
                "spec.expected_duration", spec.getExpectedDuration(), MAX_EXPECTED)
            : java.time.Duration.ZERO;
    int maxAttempts = spec.getMaxAttempts();
    if (maxAttempts < 0 || maxAttempts > MAX_ATTEMPTS) {
      throw new InvalidFieldException(
          "spec.max_attempts", maxAttempts, "must be between 0 (default 1) and " + MAX_ATTEMPTS);
    }
    if (spec.getPriority() < -MAX_PRIORITY || spec.getPriority() > MAX_PRIORITY) {
      throw new InvalidFieldException(
          "spec.priority",
          spec.getPriority(),
          "must be between " + -MAX_PRIORITY + " and " + MAX_PRIORITY);
    }
    java.time.Duration timeout =
        spec.hasTimeout()
            ? ProtoTimes.duration("spec.timeout", spec.getTimeout(), MAX_EXPECTED)
            : null;
    return new io.lastmile.controlplane.domain.JobSpec(
        spec.getName(),
        workloads.workload(spec),
        resources(spec.getResources()),
        placements.placement(spec.getPlacement()),
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
        "",
        keepOnDisconnect(spec));
  }

  private static boolean keepOnDisconnect(JobSpec spec) {
    return switch (spec.getOnDisconnect()) {
      case ON_DISCONNECT_UNSPECIFIED, ON_DISCONNECT_STOP -> false;
      case ON_DISCONNECT_KEEP -> true;
      case UNRECOGNIZED ->
          throw new InvalidFieldException(
              "spec.on_disconnect",
              spec.getOnDisconnectValue(),
              "is not a known OnDisconnect (STOP=1, KEEP=2)");
    };
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
    if (r.getGpuModel().length() > MAX_GPU_MODEL_LENGTH) {
      throw new InvalidFieldException(
          "spec.resources.gpu_model",
          r.getGpuModel(),
          "must be at most " + MAX_GPU_MODEL_LENGTH + " characters");
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
}
