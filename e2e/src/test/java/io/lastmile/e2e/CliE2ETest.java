package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.e2e.CliProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code lastmile} CLI as a separate process against a running control plane and
 * agent: every command, its output and its exit code, including bad input.
 */
class CliE2ETest {
  private static final Path CLI = CliProcess.CLI;
  private static final Pattern JOB_ID = Pattern.compile("job-[0-9a-f]{12}");

  @TempDir static Path work;
  static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    assertThat(CLI).as("package the CLI first (./mvnw package)").exists();
    cluster =
        new LocalCluster(work)
            .startControlPlane()
            .startAgent("edge-fra-1", "de-fra", "2xL4:23034:72");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void helpTeachesWithExamplesAndExitCodes() {
    Result top = cli("--help");
    Result submit = cli("submit", "--help");
    Result nodes = cli("nodes", "--help");

    assertThat(top.code).isZero();
    assertThat(top.out).contains("Examples:", "nodes", "Exit codes:");
    assertThat(submit.out).contains("lastmile submit -f job.yaml", "origin_region: de-fra");
    assertThat(nodes.out).contains("lastmile nodes drain edge-fra-1");
    assertThat(top.out).contains("prices");
  }

  @Test
  void submittedJobIsListedWatchedToTheEndAndExplained() {
    Result submit =
        cli(
            "submit",
            "--name",
            "cli-flags",
            "--gpus",
            "1",
            "--region",
            "de-fra",
            "--max-rtt-ms",
            "30",
            "--weight",
            "energy-cost=2.5",
            "--packing",
            "spread",
            "--",
            "sh",
            "-c",
            "sleep 1");
    assertThat(submit.code).as(submit.toString()).isZero();
    String id = jobId(submit.out);

    assertThat(cli("watch", id).code).isZero();
    Result get = cli("get", id);
    Result list = cli("list", "--state", "SUCCEEDED");
    Result json = cli("get", id, "-o", "json");
    Result explain = cli("explain", id);

    assertThat(get.out).contains(id, "SUCCEEDED", "edge-fra-1", "de-fra");
    assertThat(list.out).contains(id);
    assertThat(json.out)
        .contains("\"nodeId\": \"edge-fra-1\"", "\"state\": \"JOB_STATE_SUCCEEDED\"")
        .contains("\"energy-cost\": 2.5", "\"packing\": \"PACKING_SPREAD\"");
    assertThat(explain.code).isZero();
    assertThat(explain.out)
        .contains("placed on edge-fra-1")
        .containsPattern("NODE\\s+REGION\\s+SCORE")
        .contains("ROUND-TRIP");
  }

  @Test
  void jobFromYamlFileRunsWithItsSpec() throws IOException {
    Path file = work.resolve("job.yaml");
    Files.writeString(
        file,
        """
        # a job as YAML: the gRPC JobSpec
        name: from-yaml
        workload:
          command: sh
          args: ["-c", "echo yaml on $CUDA_VISIBLE_DEVICES"]
          env: {GREETING: hello}
        resources: {gpu_count: 2}
        placement:
          origin_region: de-fra
          max_rtt: 30ms
          allowed_jurisdictions: [DE]
        job_class: STANDARD
        expected_duration: 1m
        max_attempts: 2
        """);

    Result submit = cli("submit", "-f", file.toString(), "--request-id", "yaml-1");
    String id = jobId(submit.out);
    Result again = cli("submit", "-f", file.toString(), "--request-id", "yaml-1");
    cli("watch", id);
    Result json = cli("get", id, "-o", "json");

    assertThat(submit.code).as(submit.toString()).isZero();
    assertThat(jobId(again.out)).as("same request id, same job").isEqualTo(id);
    assertThat(json.out)
        .contains("\"name\": \"from-yaml\"", "\"gpuCount\": 2", "\"maxAttempts\": 2")
        .contains("\"maxRtt\": \"0.030s\"", "JOB_STATE_SUCCEEDED");
  }

  @Test
  void badInputIsExitCodeTwoWithTheReason() throws IOException {
    Path unknownField = work.resolve("unknown-field.yaml");
    Files.writeString(unknownField, "name: x\ngpus: 1\n");
    Path notYaml = work.resolve("broken.yaml");
    Files.writeString(notYaml, "name: [unclosed\n");

    Result negative = cli("submit", "--gpus", "-1", "--", "true");
    Result badClass = cli("submit", "--class", "URGENT", "--", "true");
    Result badDuration = cli("submit", "--timeout", "soon", "--", "true");
    Result missing = cli("submit", "-f", work.resolve("nope.yaml").toString());
    Result field = cli("submit", "-f", unknownField.toString());
    Result broken = cli("submit", "-f", notYaml.toString());
    Result mixed = cli("submit", "-f", unknownField.toString(), "--gpus", "1");
    Result unknownCommand = cli("reboot");
    Result unknownScorer = cli("submit", "--weight", "cheapness=1", "--", "true");
    Result badPacking = cli("submit", "--packing", "diagonal", "--", "true");

    assertThat(negative.code).isEqualTo(2);
    assertThat(negative.err).contains("INVALID_ARGUMENT", "gpu_count");
    assertThat(badClass.code).isEqualTo(2);
    assertThat(badClass.err).contains("URGENT");
    assertThat(badDuration.code).isEqualTo(2);
    assertThat(missing.code).isEqualTo(2);
    assertThat(missing.err).contains("no such file");
    assertThat(field.code).isEqualTo(2);
    assertThat(field.err).contains("gpus");
    assertThat(broken.code).isEqualTo(2);
    assertThat(mixed.code).isEqualTo(2);
    assertThat(mixed.err).contains("--gpus");
    assertThat(unknownCommand.code).isEqualTo(2);
    assertThat(unknownScorer.code).isEqualTo(2);
    assertThat(unknownScorer.err).contains("spec.scoring.weights", "cheapness", "energy-cost");
    assertThat(badPacking.code).isEqualTo(2);
    assertThat(badPacking.err).contains("diagonal", "bin-pack, spread");
  }

  @Test
  void exitCodesSayWhatHappened() {
    Result notFound = cli("get", "job-000000000000");
    Result unreachable = cli("--server", "localhost:1", "list", "--timeout-seconds", "2");
    unreachable = cli("list", "--server", "localhost:1", "--timeout-seconds", "2");
    String failing = jobId(cli("submit", "--", "sh", "-c", "exit 3").out);
    Result watchFailed = cli("watch", failing);
    Result cancelFinished = cli("cancel", failing);
    String sleeping = jobId(cli("submit", "--", "sleep", "60").out);
    Result cancel = cli("cancel", sleeping, "--reason", "not needed");
    Result watchCancelled = cli("watch", sleeping);

    assertThat(notFound.code).isEqualTo(3);
    assertThat(notFound.err).contains("NOT_FOUND");
    assertThat(unreachable.code).isEqualTo(5);
    assertThat(unreachable.err).contains("LASTMILE_SERVER");
    assertThat(watchFailed.code).isEqualTo(10);
    assertThat(cancelFinished.code).isEqualTo(4);
    assertThat(cancelFinished.err).contains("FAILED_PRECONDITION");
    assertThat(cancel.code).isZero();
    assertThat(cancel.out).contains("CANCELLED");
    assertThat(watchCancelled.code).isEqualTo(11);
  }

  @Test
  void cordonedNodeTakesNoWorkUntilUncordonedAndDrainCordonsIt() {
    Result list = cli("nodes");
    assertThat(list.code).isZero();
    assertThat(list.out)
        .containsPattern("NODE\\s+REGION\\s+STATE\\s+GPUS_FREE\\s+POWER_W")
        .containsPattern("edge-fra-1\\s+de-fra\\s+READY\\s+\\d/2")
        .contains("Simulated L4,Simulated L4");

    Result cordon = cli("nodes", "cordon", "edge-fra-1");
    assertThat(cordon.code).isZero();
    assertThat(cordon.out).contains("CORDONED");
    String id = jobId(cli("submit", "--gpus", "1", "--", "true").out);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(cli("explain", id).out).contains("NODE_CORDONED"));
    assertThat(cli("get", id).out).contains("PENDING");

    assertThat(cli("nodes", "uncordon", "edge-fra-1").out).contains("READY");
    assertThat(cli("watch", id).code).isZero();

    Result drain = cli("nodes", "drain", "edge-fra-1", "--reason", "maintenance");
    Result json = cli("nodes", "-o", "json", "--region", "de-fra");
    Result unknown = cli("nodes", "cordon", "edge-nowhere");
    Result uncordon = cli("nodes", "uncordon", "edge-fra-1");

    assertThat(drain.code).isZero();
    assertThat(drain.out).contains("CORDONED");
    assertThat(json.out).contains("\"state\": \"NODE_STATE_CORDONED\"", "\"gpuTotal\": 2");
    assertThat(unknown.code).isEqualTo(3);
    assertThat(uncordon.code).isZero();
  }

  @Test
  void pricesShowEachRegionsNextHours() {
    Result fra = cli("prices", "--region", "de-fra", "--hours", "3");
    Result json = cli("prices", "-o", "json", "--region", "sg-sin");
    Result unknown = cli("prices", "--region", "xx-nowhere");
    Result tooMany = cli("prices", "--hours", "49");

    assertThat(fra.code).as(fra.toString()).isZero();
    assertThat(fra.out)
        .containsPattern("REGION\\s+ZONE\\s+CURRENCY\\s+\\d\\d:00\\s+\\d\\d:00\\s+\\d\\d:00\\n")
        .containsPattern("de-fra\\s+DE-LU\\s+EUR\\s+\\d+\\.\\d\\d");
    assertThat(json.out).contains("\"marketZone\": \"SG\"", "\"pricePerMwh\"");
    assertThat(unknown.code).isEqualTo(3);
    assertThat(tooMany.code).isEqualTo(2);
    assertThat(tooMany.err).contains("hours");
  }

  private static String jobId(String out) {
    Matcher m = JOB_ID.matcher(out);
    assertThat(m.find()).as("a job id in: " + out).isTrue();
    return m.group();
  }

  /** Runs the packaged CLI against the cluster and waits for it. */
  private static Result cli(String... args) {
    return CliProcess.run(work, Map.of("LASTMILE_SERVER", cluster.grpcAddress()), args);
  }
}
