package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.ManagedChannel;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium: jobs submitted over gRPC after the page loaded appear with
 * their node, energy and cost, and a pending job with its reason, without reloading the page.
 * Screenshots go to {@code e2e/target/dashboard}.
 */
class DashboardBrowserE2ETest {
  private static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  private static final Path SHOTS = ROOT.resolve("e2e/target/dashboard");

  @TempDir static Path work;
  static LocalCluster cluster;
  static ManagedChannel channel;
  static HeadlessChromium browser;

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.requireInstalled();
    cluster =
        new LocalCluster(work)
            .startControlPlane()
            .startAgent("edge-fra-1", "de-fra", "1xL4:23034:72");
    channel = cluster.channel();
    browser = HeadlessChromium.start(SHOTS);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (browser != null) {
      browser.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void newJobsAppearWithNodeCostAndPendingReasonWithoutAReload() throws Exception {
    browser.navigate(cluster.httpBase().toString());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> text("[data-region='de-fra'] [data-node-id='edge-fra-1']").contains("1/1"));
    // Survives only as long as the page is not reloaded.
    browser.evaluate("window.lastmileLoadMark = 'first-load'");
    browser.screenshot(SHOTS.resolve("1-before-jobs.png"));

    JobServiceGrpc.JobServiceBlockingStub jobs = JobServiceGrpc.newBlockingStub(channel);
    String placed = submit(jobs, 1, "sleep 3");
    String pending = submit(jobs, 4, "true");

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(cell(placed, "state")).isEqualTo("SUCCEEDED");
              assertThat(cell(placed, "node")).isEqualTo("edge-fra-1");
              assertThat(cell(placed, "region")).isEqualTo("de-fra");
              assertThat(cell(placed, "energy")).matches("[0-9.]+ k?Wh").isNotEqualTo("0 Wh");
              // Fractions of a cent in plain digits, never in exponent notation.
              assertThat(cell(placed, "cost")).matches("[0-9.]+ EUR").isNotEqualTo("0 EUR");
            });
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(cell(pending, "state")).isEqualTo("PENDING");
              assertThat(cell(pending, "why"))
                  .startsWith("INSUFFICIENT_GPUS")
                  .contains("0/1 nodes can host the job", "4 requested");
            });
    long png = browser.screenshot(SHOTS.resolve("2-with-jobs.png"));

    assertThat(browser.evaluate("window.lastmileLoadMark")).isEqualTo("first-load");
    assertThat(png).isGreaterThan(10_000);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(text("#summary")).contains("1 node ·", "2 jobs, 1 pending"));
    assertThat(text("[data-region='de-fra'] [data-field='price']")).endsWith("EUR/MWh");
  }

  private static String submit(JobServiceGrpc.JobServiceBlockingStub jobs, int gpus, String sh) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(
                    JobSpec.newBuilder()
                        .setName("browser-" + gpus)
                        .setWorkload(
                            Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(sh))
                        .setResources(Resources.newBuilder().setGpuCount(gpus))
                        .setPlacement(Placement.newBuilder().setOriginRegion("de-fra")))
                .build())
        .getJob()
        .getId();
  }

  private static String cell(String jobId, String field) {
    return text("tr[data-job-id='%s'] [data-field='%s']".formatted(jobId, field));
  }

  private static String text(String selector) {
    return browser.text(selector);
  }

  private static String quote(String s) {
    return HeadlessChromium.js(s);
  }
}
