package io.lastmile.controlplane.kube;

import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Packing;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import io.lastmile.controlplane.api.ProtoMapper;
import io.lastmile.controlplane.domain.InvalidFieldException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an {@link InferenceJob} into the gRPC API's submit request, so that a job applied with
 * kubectl is validated by exactly the rules of {@code SubmitJob}. Field names in errors are those
 * of the custom resource ({@code spec.resources.gpuCount}), not of the proto.
 */
final class InferenceJobRequests {
  private static final Pattern SNAKE = Pattern.compile("_([a-z])");

  private InferenceJobRequests() {}

  /** The request; the object's uid is the request id, so resubmitting it returns the same job. */
  static SubmitJobRequest request(InferenceJob job) {
    InferenceJobSpec s = job.getSpec();
    if (s == null) {
      throw new InvalidFieldException("spec", "unset", "is required");
    }
    JobSpec.Builder spec = JobSpec.newBuilder();
    spec.setName(s.name == null || s.name.isBlank() ? job.getMetadata().getName() : s.name);
    if (s.workload != null) {
      spec.setWorkload(workload(s.workload));
    }
    if (s.resources != null) {
      spec.setResources(resources(s.resources));
    }
    if (s.placement != null) {
      spec.setPlacement(placement(s.placement));
    }
    if (s.jobClass != null) {
      spec.setJobClass(enumValue("spec.jobClass", s.jobClass, "JOB_CLASS_", JobClass.class));
    }
    if (s.deadline != null && !s.deadline.isBlank()) {
      spec.setDeadline(ProtoMapper.timestamp(instant("spec.deadline", s.deadline)));
    }
    setDuration("spec.expectedDuration", s.expectedDuration, spec::setExpectedDuration);
    setDuration("spec.timeout", s.timeout, spec::setTimeout);
    if (s.maxAttempts != null) {
      spec.setMaxAttempts(s.maxAttempts);
    }
    if (s.priority != null) {
      spec.setPriority(s.priority);
    }
    if (s.scoring != null) {
      spec.setScoring(scoring(s.scoring));
    }
    return SubmitJobRequest.newBuilder()
        .setRequestId(job.getMetadata().getUid())
        .setSpec(spec)
        .build();
  }

  /** The proto field path of a validation error as the custom resource spells it. */
  static String resourceField(String protoField) {
    Matcher m = SNAKE.matcher(protoField);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, m.group(1).toUpperCase(Locale.ROOT));
    }
    return m.appendTail(out).toString();
  }

  private static Workload workload(InferenceJobSpec.Workload w) {
    Workload.Builder out = Workload.newBuilder();
    if (w.command != null) {
      out.setCommand(w.command);
    }
    if (w.args != null) {
      out.addAllArgs(w.args);
    }
    if (w.env != null) {
      out.putAllEnv(w.env);
    }
    if (w.image != null) {
      out.setImage(w.image);
    }
    return out.build();
  }

  private static Resources resources(InferenceJobSpec.Resources r) {
    Resources.Builder out = Resources.newBuilder();
    if (r.gpuCount != null) {
      out.setGpuCount(r.gpuCount);
    }
    if (r.gpuMemoryMib != null) {
      out.setGpuMemoryMib(r.gpuMemoryMib);
    }
    if (r.gpuModel != null) {
      out.setGpuModel(r.gpuModel);
    }
    if (r.cpuMillis != null) {
      out.setCpuMillis(r.cpuMillis);
    }
    if (r.memoryMib != null) {
      out.setMemoryMib(r.memoryMib);
    }
    return out.build();
  }

  private static Placement placement(InferenceJobSpec.Placement p) {
    Placement.Builder out = Placement.newBuilder();
    if (p.originRegion != null) {
      out.setOriginRegion(p.originRegion);
    }
    setDuration("spec.placement.maxRtt", p.maxRtt, out::setMaxRtt);
    if (p.allowedJurisdictions != null) {
      out.addAllAllowedJurisdictions(p.allowedJurisdictions);
    }
    if (p.labelSelector != null) {
      out.putAllLabelSelector(p.labelSelector);
    }
    return out.build();
  }

  private static Scoring scoring(InferenceJobSpec.Scoring s) {
    Scoring.Builder out = Scoring.newBuilder();
    if (s.weights != null) {
      out.putAllWeights(s.weights);
    }
    if (s.packing != null) {
      out.setPacking(enumValue("spec.scoring.packing", s.packing, "PACKING_", Packing.class));
    }
    return out.build();
  }

  private static void setDuration(
      String field, String text, java.util.function.Consumer<com.google.protobuf.Duration> set) {
    Duration d = DurationText.parse(field, text);
    if (d != null) {
      set.accept(ProtoMapper.duration(d));
    }
  }

  private static Instant instant(String field, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(
          field, text, "must be an RFC 3339 time in UTC, for example 2026-11-23T06:00:00Z");
    }
  }

  private static <E extends Enum<E>> E enumValue(
      String field, String name, String prefix, Class<E> type) {
    String upper = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    String full = upper.startsWith(prefix) ? upper : prefix + upper;
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(full) && !e.name().endsWith("_UNSPECIFIED")) {
        return e;
      }
    }
    throw new InvalidFieldException(field, name, "is not one of " + names(prefix, type));
  }

  private static <E extends Enum<E>> String names(String prefix, Class<E> type) {
    StringBuilder out = new StringBuilder();
    for (E e : type.getEnumConstants()) {
      if (!e.name().endsWith("_UNSPECIFIED") && !e.name().equals("UNRECOGNIZED")) {
        out.append(out.isEmpty() ? "" : ", ").append(e.name().substring(prefix.length()));
      }
    }
    return out.toString();
  }
}
