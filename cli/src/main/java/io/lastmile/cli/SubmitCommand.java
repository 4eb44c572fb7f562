package io.lastmile.cli;

import com.google.protobuf.Timestamp;
import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Packing;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.Scoring;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.SubmitJobResponse;
import io.lastmile.api.v1.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = {
      "Submit a job.",
      "Everything after -- is the command and its arguments, run as a host process on the chosen node (no shell: wrap it in sh -c '...' for pipes or variables)."
    },
    footer = {
      "%nExamples:",
      "  # one GPU, users in Frankfurt, at most 30 ms away",
      "  lastmile submit --name chat --gpus 1 --region de-fra --max-rtt-ms 30 \\",
      "      -- python3 serve.py",
      "  # data stays in Germany or France; may wait for cheap power until 06:00 UTC",
      "  lastmile submit --jurisdiction DE --jurisdiction FR --class DEFERRABLE \\",
      "      --deadline 2026-11-23T06:00:00Z --expected-duration 2h -- ./batch.sh",
      "  # retry-safe: the same --request-id never creates a second job",
      "  lastmile submit --request-id nightly-2026-11-22 -- ./nightly.sh",
      "  # the same as a file: lastmile submit -f job.yaml",
      "  name: chat",
      "  workload: {command: python3, args: [serve.py], env: {MODEL: llama-3-8b}}",
      "  resources: {gpu_count: 1, gpu_memory_mib: 16000, gpu_model: L4}",
      "  placement:",
      "    origin_region: de-fra",
      "    max_rtt: 30ms            # durations: 250ms, 30s, 5m, 2h, 1d",
      "    allowed_jurisdictions: [DE, FR]",
      "  job_class: STANDARD   # LATENCY_CRITICAL, STANDARD, DEFERRABLE, INTERRUPTIBLE",
      "  expected_duration: 20m",
      "  max_attempts: 2",
      "  scoring: {weights: {energy-cost: 3}, packing: spread}  # its own ranking",
      "%nScorers for --weight: round-trip (lower round trip is better), energy-cost (expected energy x PUE x price over the run), gpu-packing. A job's weight replaces its class's weight for that scorer (0 ignores the scorer); see lastmile explain for the result."
    })
class SubmitCommand extends GrpcCommand {
  /** Options that do not describe the job, so they may go with --file. */
  private static final Set<String> NOT_SPEC =
      Set.of("--file", "--request-id", "--server", "--output", "--timeout-seconds");

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = {
        "Read the job from a YAML file (- for standard input) instead of flags: the gRPC",
        "JobSpec with the proto's JSON field names; see the example below and docs/cli.md."
      })
  String file;

  @Option(names = "--name", defaultValue = "", description = "Readable name (not unique).")
  String name;

  @Option(
      names = "--request-id",
      description = "Idempotency key; default: a new random id, so every call creates a job.")
  String requestId;

  @Option(names = "--gpus", defaultValue = "0", description = "Whole GPUs needed (default: 0).")
  int gpus;

  @Option(
      names = "--gpu-memory-mib",
      defaultValue = "0",
      description = "Free MiB needed on each GPU.")
  long gpuMemoryMiB;

  @Option(
      names = "--gpu-model",
      defaultValue = "",
      description = "GPU model, e.g. L4 (substring match).")
  String gpuModel;

  @Option(names = "--cpu-millis", defaultValue = "0", description = "CPU in millicores.")
  int cpuMillis;

  @Option(names = "--memory-mib", defaultValue = "0", description = "Host memory in MiB.")
  long memoryMiB;

  @Option(
      names = "--region",
      defaultValue = "",
      description = "Origin region of users or data, e.g. de-fra.")
  String region;

  @Option(
      names = "--max-rtt-ms",
      defaultValue = "0",
      description = "Round-trip bound from --region in ms (0: none).")
  double maxRttMs;

  @Option(
      names = "--jurisdiction",
      description = "Allowed jurisdiction, e.g. DE; repeatable (none: any).")
  List<String> jurisdictions = new ArrayList<>();

  @Option(names = "--label", description = "Node label the job needs, key=value; repeatable.")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--env",
      description = "Environment variable for the workload, NAME=value; repeatable.")
  Map<String, String> env = new LinkedHashMap<>();

  @Option(
      names = "--image",
      defaultValue = "",
      description = "Container image instead of a host command.")
  String image;

  @Option(
      names = "--class",
      defaultValue = "STANDARD",
      description =
          "LATENCY_CRITICAL, STANDARD, DEFERRABLE or INTERRUPTIBLE (default: ${DEFAULT-VALUE}).")
  String jobClass;

  @Option(
      names = "--deadline",
      description = "Latest start for DEFERRABLE jobs, ISO-8601, e.g. 2026-11-23T06:00:00Z.")
  Instant deadline;

  @Option(
      names = "--expected-duration",
      converter = DurationConverter.class,
      description = "Expected run time, e.g. 90s, 20m, 2h (default 5m); used for cost estimates.")
  Duration expectedDuration;

  @Option(
      names = "--timeout",
      converter = DurationConverter.class,
      description = "Stop an attempt after this long.")
  Duration timeout;

  @Option(
      names = "--max-attempts",
      defaultValue = "0",
      description = "Attempts before FAILED, 1 to 10 (default 1).")
  int maxAttempts;

  /** What an attempt does when its node loses the control plane. */
  enum Disconnect {
    stop,
    keep
  }

  @Option(
      names = "--on-disconnect",
      paramLabel = "stop|keep",
      description =
          "When the node loses the control plane: stop (default) ends the attempt before the job"
              + " is re-queued elsewhere, so it never runs twice; keep lets it run on, and a"
              + " second copy may run meanwhile.")
  Disconnect onDisconnect;

  @Option(
      names = "--priority",
      defaultValue = "0",
      description = "Order within the class, -1000 to 1000.")
  int priority;

  @Option(
      names = "--weight",
      paramLabel = "SCORER=WEIGHT",
      description =
          "This job's weight for a scorer, e.g. energy-cost=3 or round-trip=0; repeatable"
              + " (default: its class's weights).")
  Map<String, Double> weights = new LinkedHashMap<>();

  @Option(
      names = "--packing",
      description = "bin-pack (fill busy nodes first) or spread (default: the scheduler's).")
  String packing;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "Command and arguments, after --.")
  List<String> command = new ArrayList<>();

  @Override
  int run(JobServiceGrpc.JobServiceBlockingStub jobs, Output out) {
    JobSpec jobSpec;
    try {
      jobSpec = file == null ? spec() : fromFile();
    } catch (JobFile.BadJobFile e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return ExitCodes.BAD_INPUT;
    }
    SubmitJobResponse response =
        jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(requestId == null ? UUID.randomUUID().toString() : requestId)
                .setSpec(jobSpec)
                .build());
    if (client.output == ClientOptions.Format.json) {
      out.json(response);
    } else {
      out.jobs(List.of(response.getJob()));
    }
    return ExitCodes.OK;
  }

  private JobSpec fromFile() throws JobFile.BadJobFile {
    List<String> mixed =
        spec.commandLine().getParseResult().matchedOptions().stream()
            .map(o -> o.longestName())
            .filter(name -> !NOT_SPEC.contains(name))
            .toList();
    if (!mixed.isEmpty() || !command.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--file describes the whole job: leave out %s"
              .formatted(mixed.isEmpty() ? "the command after --" : String.join(", ", mixed)));
    }
    return JobFile.read(file, System.in);
  }

  private JobSpec spec() {
    Workload.Builder workload = Workload.newBuilder().setImage(image).putAllEnv(env);
    if (!command.isEmpty()) {
      workload.setCommand(command.get(0)).addAllArgs(command.subList(1, command.size()));
    }
    Placement.Builder placement =
        Placement.newBuilder()
            .setOriginRegion(region)
            .addAllAllowedJurisdictions(jurisdictions)
            .putAllLabelSelector(labels);
    if (maxRttMs != 0) {
      placement.setMaxRtt(duration(Duration.ofNanos(Math.round(maxRttMs * 1e6))));
    }
    JobSpec.Builder spec =
        JobSpec.newBuilder()
            .setName(name)
            .setWorkload(workload)
            .setResources(
                Resources.newBuilder()
                    .setGpuCount(gpus)
                    .setGpuMemoryMib(gpuMemoryMiB)
                    .setGpuModel(gpuModel)
                    .setCpuMillis(cpuMillis)
                    .setMemoryMib(memoryMiB))
            .setPlacement(placement)
            .setJobClass(jobClass())
            .setMaxAttempts(maxAttempts)
            .setPriority(priority);
    if (deadline != null) {
      spec.setDeadline(
          Timestamp.newBuilder()
              .setSeconds(deadline.getEpochSecond())
              .setNanos(deadline.getNano()));
    }
    if (expectedDuration != null) {
      spec.setExpectedDuration(duration(expectedDuration));
    }
    if (timeout != null) {
      spec.setTimeout(duration(timeout));
    }
    if (onDisconnect != null) {
      spec.setOnDisconnect(
          onDisconnect == Disconnect.keep
              ? io.lastmile.api.v1.OnDisconnect.ON_DISCONNECT_KEEP
              : io.lastmile.api.v1.OnDisconnect.ON_DISCONNECT_STOP);
    }
    if (!weights.isEmpty() || packing != null) {
      Scoring.Builder scoring = Scoring.newBuilder().putAllWeights(weights);
      if (packing != null) {
        scoring.setPacking(packing());
      }
      spec.setScoring(scoring);
    }
    return spec.build();
  }

  private Packing packing() {
    try {
      return Packing.valueOf(packingName(packing));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--packing: '%s' is not one of bin-pack, spread".formatted(packing));
    }
  }

  /** {@code bin-pack} or {@code SPREAD} as the proto's enum name. */
  static String packingName(String value) {
    return "PACKING_" + value.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  private JobClass jobClass() {
    try {
      return JobClass.valueOf("JOB_CLASS_" + jobClass.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--class: '%s' is not one of LATENCY_CRITICAL, STANDARD, DEFERRABLE, INTERRUPTIBLE"
              .formatted(jobClass));
    }
  }

  private static com.google.protobuf.Duration duration(Duration d) {
    return com.google.protobuf.Duration.newBuilder()
        .setSeconds(d.getSeconds())
        .setNanos(d.getNano())
        .build();
  }
}
