package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.api.SubmitValidator.MAX_ATTEMPTS;
import static io.lastmile.controlplane.api.SubmitValidator.MAX_GPUS;
import static io.lastmile.controlplane.api.SubmitValidator.MAX_GPU_MEMORY_MIB;
import static io.lastmile.controlplane.api.SubmitValidator.MAX_GPU_MODEL_LENGTH;
import static io.lastmile.controlplane.api.SubmitValidator.MAX_NAME_LENGTH;
import static io.lastmile.controlplane.api.SubmitValidator.MAX_PRIORITY;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.domain.PackingPolicy;
import java.util.List;
import java.util.Map;

/**
 * The gRPC API's {@code JobSpec} in Kubernetes' field style (lowerCamelCase); the same rules and
 * defaults apply (see {@code job.proto}), and the CRD's schema states those it can, so that the API
 * server refuses a bad spec before the control plane sees it. Each field's description is its
 * documentation: {@code kubectl explain inferencejob.spec} shows it.
 */
public class InferenceJobSpec {
  @JsonPropertyDescription(
      "Job name, at most " + MAX_NAME_LENGTH + " characters; the object's name when empty.")
  @Size(max = MAX_NAME_LENGTH)
  public String name;

  @JsonPropertyDescription("What to run: a host command, or a container image. Required.")
  @Required
  @ValidationRule(
      value = "has(self.command) || has(self.image)",
      message = "needs a command or an image")
  public Workload workload;

  @JsonPropertyDescription(
      "What the job needs of one node. Default: no GPU, no CPU or memory check.")
  public Resources resources;

  @JsonPropertyDescription("Where the job may run. Default: anywhere.")
  public Placement placement;

  @JsonPropertyDescription(
      "Scheduling class: LATENCY_CRITICAL (never deferred, may preempt INTERRUPTIBLE work),"
          + " STANDARD (placed as soon as a node fits; the default), DEFERRABLE (may wait for"
          + " cheaper electricity until its deadline) or INTERRUPTIBLE (may be stopped and"
          + " re-queued for latency-critical work).")
  @SchemaFrom(type = JobClass.class)
  public String jobClass;

  @JsonPropertyDescription(
      "Latest start, RFC 3339 with Z or an offset (for example 2026-11-23T06:00:00Z). Required"
          + " for DEFERRABLE jobs, ignored otherwise.")
  @JsonSerialize(using = DateTimeText.class)
  @Pattern(DateTimeText.PATTERN)
  public String deadline;

  @JsonPropertyDescription(
      "How long the workload is expected to run, for energy and cost estimates: a whole number"
          + " with a unit ms, s, m, h or d, at most 7d. Default 5m.")
  @Pattern(DurationText.PATTERN)
  public String expectedDuration;

  @JsonPropertyDescription("Attempts before the job fails, 1 to " + MAX_ATTEMPTS + ". Default 1.")
  @Min(1)
  @Max(MAX_ATTEMPTS)
  public Integer maxAttempts;

  @JsonPropertyDescription(
      "Order within the class, "
          + -MAX_PRIORITY
          + " to "
          + MAX_PRIORITY
          + ": higher runs first. Default 0.")
  @Min(-MAX_PRIORITY)
  @Max(MAX_PRIORITY)
  public Integer priority;

  @JsonPropertyDescription(
      "Longest run of one attempt, after which the workload is stopped: a whole number with a"
          + " unit ms, s, m, h or d, at most 7d. Default: no limit.")
  @Pattern(DurationText.PATTERN)
  public String timeout;

  @JsonPropertyDescription(
      "The job's own ranking of nodes, over its class's defaults. Default: the class's weights"
          + " and the scheduler's packing.")
  public Scoring scoring;

  /** What to run. */
  public static class Workload {
    @JsonPropertyDescription(
        "Executable, resolved on the agent's PATH if not absolute. Required unless image is set;"
            + " with an image it replaces the image's entrypoint.")
    @Size(min = 1)
    public String command;

    @JsonPropertyDescription(
        "Arguments passed to the command unchanged (no shell expansion); at most 256 by default.")
    public List<String> args;

    @JsonPropertyDescription(
        "Environment of the workload; nothing of the agent's own is inherited. Names match"
            + " [A-Za-z_][A-Za-z0-9_]*; at most 128 entries and 64 KiB by default.")
    public Map<String, String> env;

    @JsonPropertyDescription(
        "OCI image reference, for example registry.example/llm:1.2. Empty: run the command as a"
            + " host process.")
    @Size(min = 1)
    public String image;
  }

  /** What the job needs of a node. */
  public static class Resources {
    @JsonPropertyDescription(
        "Whole GPUs, 0 to " + MAX_GPUS + "; 0 runs the workload without GPUs. Default 0.")
    @Min(0)
    @Max(MAX_GPUS)
    public Integer gpuCount;

    @JsonPropertyDescription(
        "Free memory needed on each allocated GPU, in MiB; needs gpuCount of at least 1."
            + " Default 0 (any).")
    @Min(0)
    @Max(MAX_GPU_MEMORY_MIB)
    public Long gpuMemoryMib;

    @JsonPropertyDescription(
        "GPU model, at most "
            + MAX_GPU_MODEL_LENGTH
            + " characters, matched case-insensitively against the reported name"
            + " (L4 matches NVIDIA L4). Empty: any model.")
    @Size(max = MAX_GPU_MODEL_LENGTH)
    public String gpuModel;

    @JsonPropertyDescription("CPU in millicores (1000 = one core). Default 0 (not checked).")
    @Min(0)
    public Integer cpuMillis;

    @JsonPropertyDescription("Host memory in MiB. Default 0 (not checked).")
    @Min(0)
    public Long memoryMib;
  }

  /** Where the job may run. */
  public static class Placement {
    @JsonPropertyDescription(
        "Region the job's users or data are in, for example de-fra; one the control plane's"
            + " latency map knows. Required when maxRtt is set.")
    public String originRegion;

    @JsonPropertyDescription(
        "Largest round trip from originRegion to the node's region, for example 30ms: a whole"
            + " number with a unit ms, s, m, h or d. Default: no bound.")
    @Pattern(DurationText.PATTERN)
    public String maxRtt;

    @JsonPropertyDescription(
        "Jurisdictions the job's data may be processed in (ISO 3166-1 alpha-2 codes such as DE,"
            + " or groups the operator defines). Empty: any.")
    public List<String> allowedJurisdictions;

    @JsonPropertyDescription("Node labels that must all match exactly. Empty: any node.")
    public Map<String, String> labelSelector;
  }

  /** The job's own ranking of nodes. */
  public static class Scoring {
    @JsonPropertyDescription(
        "Weight per scorer (round-trip, energy-cost, gpu-packing), each from 0 (ignore it) to"
            + " 1000, replacing the class's weight. Empty: the class's weights.")
    public Map<String, Double> weights;

    @JsonPropertyDescription(
        "GPU packing for this job: BIN_PACK (fill busy nodes first) or SPREAD (prefer the"
            + " emptiest). Default: the scheduler's.")
    @SchemaFrom(type = PackingPolicy.class)
    public String packing;
  }
}
