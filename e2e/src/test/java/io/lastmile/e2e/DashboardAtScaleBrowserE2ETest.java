package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium over 1,000 jobs: 600 pending (595 asking for a GPU model no
 * node has, 5 deferred to a cheaper hour), 300 running and 100 finished. Its counts are the
 * server's, filters and pages select on the server, a job's detail shows its explanation, attempts
 * and times (a deferred one its start and saving), and a selected job id stays selected while the
 * page updates and the job changes state. Screenshots go to {@code e2e/target/dashboard}.
 *
 * <p>Prices are the test's own: in France the current hour costs 200 EUR/MWh and the next ones 20,
 * so a deferrable job placed there waits, whatever the time of day the test runs at.
 */
class DashboardAtScaleBrowserE2ETest {
  private static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  private static final Path SHOTS = ROOT.resolve("e2e/target/dashboard");
  private static final Path SAMPLE = ROOT.resolve("control-plane/src/main/resources/sample-data");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNNING = 300;
  private static final int FINISHED = 100;
  private static final int BLOCKED = 595;
  private static final int DEFERRED = 5;

  @TempDir static Path work;
  static LocalCluster cluster;
  static ManagedChannel channel;
  static HeadlessChromium browser;
  static JobServiceGrpc.JobServiceBlockingStub jobs;
  static final List<String> deferred = new ArrayList<>();
  static final List<String> running = new ArrayList<>();
  static String jobsTag;

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.requireInstalled();
    Path data = priceData();
    cluster =
        new LocalCluster(work)
            .startControlPlane("-Dlastmile.data-dir=" + data)
            .startAgent("edge-fra-1", "de-fra", RUNNING / 2 + "xL4:23034:72")
            .startAgent("edge-fra-2", "de-fra", RUNNING / 2 + "xL4:23034:72")
            .startAgent("edge-par-1", "fr-par", "4xA100:81920:300");
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
    jobsTag = "t" + UUID.randomUUID().toString().substring(0, 6);
    submitAll();
    browser = HeadlessChromium.start(SHOTS);
  }

  /** The sample regions and round trips, with prices that make waiting in France worth it. */
  private static Path priceData() throws Exception {
    Path data = Files.createDirectories(work.resolve("data"));
    Files.copy(SAMPLE.resolve("regions.csv"), data.resolve("regions.csv"));
    Files.copy(SAMPLE.resolve("rtt.csv"), data.resolve("rtt.csv"));
    StringBuilder csv = new StringBuilder("zone,hour_start,price_per_mwh,currency,kind\n");
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    for (int h = -1; h < 30; h++) {
      Instant at = hour.plus(h, ChronoUnit.HOURS);
      String kind = h <= 0 ? "actual" : "forecast";
      csv.append("DE-LU,%s,80.0,EUR,%s%n".formatted(at, kind));
      csv.append("FR,%s,%s,EUR,%s%n".formatted(at, h <= 0 ? "200.0" : "20.0", kind));
    }
    Files.writeString(data.resolve("prices.csv"), csv);
    return data;
  }

  /**
   * The finished jobs first (they run on the GPUs the sleeping ones take next), then the rest, all
   * over gRPC from 16 threads at once.
   */
  private static void submitAll() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      submit(pool, FINISHED, i -> job("done-" + i, "true", 1, "L4"));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count("SUCCEEDED") == FINISHED && count("RUNNING") == 0);
      running.addAll(
          submit(pool, RUNNING, i -> job("run-%03d".formatted(i), "sleep 600", 1, "L4")));
      submit(pool, BLOCKED, i -> job("blocked-" + i, "true", 1, "H100"));
      Instant deadline = Instant.now().plus(Duration.ofHours(12));
      deferred.addAll(
          submit(
              pool,
              DEFERRED,
              i ->
                  job("deferred-" + i, "true", 1, "A100").toBuilder()
                      .setJobClass(JobClass.JOB_CLASS_DEFERRABLE)
                      .setDeadline(Timestamp.newBuilder().setSeconds(deadline.getEpochSecond()))
                      .setPlacement(Placement.newBuilder().setOriginRegion("fr-par"))
                      .build()));
    } finally {
      pool.shutdown();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> count("RUNNING") == RUNNING && count("PENDING") == BLOCKED + DEFERRED);
  }

  private static List<String> submit(ExecutorService pool, int n, IntFunction<JobSpec> spec)
      throws Exception {
    List<Future<String>> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      JobSpec s = spec.apply(i);
      ids.add(
          pool.submit(
              () ->
                  jobs.submitJob(
                          SubmitJobRequest.newBuilder()
                              .setRequestId(UUID.randomUUID().toString())
                              .setSpec(s)
                              .build())
                      .getJob()
                      .getId()));
    }
    List<String> out = new ArrayList<>();
    for (Future<String> id : ids) {
      out.add(id.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private static JobSpec job(String name, String sh, int gpus, String model) {
    return JobSpec.newBuilder()
        .setName(jobsTag + "-" + name)
        .setWorkload(Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(sh))
        .setResources(Resources.newBuilder().setGpuCount(gpus).setGpuModel(model))
        .setPlacement(Placement.newBuilder().setOriginRegion("de-fra"))
        .build();
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
  void countsFiltersPagesDetailsAndSelectionHoldOverAThousandJobs() throws Exception {
    browser.navigate(cluster.httpBase().toString());
    JsonNode server = rest("/api/v1/jobs/page?limit=1");
    assertThat(server.path("all").asInt()).isEqualTo(1000);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(chip("")).isEqualTo(server.path("all").asInt());
              for (String s : List.of("PENDING", "SCHEDULED", "RUNNING", "SUCCEEDED")) {
                assertThat(chip(s)).as(s).isEqualTo(server.path("counts").path(s).asInt());
              }
              assertThat(text("#summary")).contains("1000 jobs, 600 pending, 300 running");
            });
    assertThat(chip("PENDING")).isEqualTo(600);
    assertThat(chip("RUNNING")).isEqualTo(300);
    assertThat(chip("SUCCEEDED")).isEqualTo(100);
    // Cordoned or not, 300 of 304 GPUs are held and the 4 in Paris are free.
    assertThat(text("#summary")).contains("4/304 GPUs free");
    browser.screenshot(SHOTS.resolve("scale-1-overview.png"));

    filtersAndPages();
    deferredJobShowsItsStartAndSaving();
    runningJobShowsAttemptsAndTimes();
    selectedIdSurvivesUpdatesAndAStateChange();
  }

  private void filtersAndPages() throws Exception {
    click("#states [data-count-state='PENDING']");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#pager [data-field='range']")).isEqualTo("1–50 of 600");
              assertThat(rowStates()).hasSize(50).containsOnly("PENDING");
            });
    String firstPage = rowIds();
    click("#pager [data-action='next']");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#pager [data-field='range']")).isEqualTo("51–100 of 600");
              assertThat(rowIds()).isNotEqualTo(firstPage);
              assertThat(rowStates()).hasSize(50).containsOnly("PENDING");
            });
    browser.screenshot(SHOTS.resolve("scale-2-pending-page-2.png"));
    setValue("#class-filter", "DEFERRABLE");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#pager [data-field='range']")).isEqualTo("1–5 of 5");
              assertThat(chip("PENDING")).isEqualTo(5);
              assertThat(chip("RUNNING")).isZero();
              assertThat(cell(deferred.get(0), "why")).startsWith("DEFERRED until");
            });
    setValue("#class-filter", "");
    click("#states [data-count-state='']");
    type("#search", jobsTag + "-run-01");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#pager [data-field='range']")).isEqualTo("1–10 of 10");
              assertThat(rowStates()).containsOnly("RUNNING");
            });
  }

  private void deferredJobShowsItsStartAndSaving() throws Exception {
    String id = deferred.get(0);
    JsonNode server = rest("/api/v1/jobs/" + id + "/detail");
    assertThat(server.path("deferral").path("savingFraction").asDouble()).isGreaterThan(0.5);
    browser.evaluate("openJob(%s)".formatted(quote(id)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#detail [data-section='head'] [data-field='id']")).isEqualTo(id);
              assertThat(text("#detail [data-field='startAt']"))
                  .contains(localTime(server.path("deferral").path("startAt").asText()))
                  .contains("(in ");
              assertThat(text("#detail [data-field='saving']"))
                  .matches("9[0-9]% \\([0-9.]+ EUR\\)");
              assertThat(text("#detail [data-section='explanation']"))
                  .contains("placed on edge-par-1", "energy-cost");
            });
    browser.screenshot(SHOTS.resolve("scale-3-deferred-detail.png"));
  }

  private void runningJobShowsAttemptsAndTimes() throws Exception {
    String id = running.get(12);
    browser.evaluate("openJob(%s)".formatted(quote(id)));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              String attempts = text("#detail [data-section='attempts']");
              assertThat(attempts).contains(id + "/1").containsPattern("edge-fra-[12]");
              assertThat(attempts).contains("RUNNING");
              assertThat(text("#detail [data-field='submitted']")).contains(" ago)");
              assertThat(text("#detail [data-field='started']")).contains(" ago)");
              assertThat(text("#detail [data-section='explanation']")).contains("placed on");
              assertThat(text("#detail [data-section='spec']")).contains("sleep 600", "L4");
            });
    browser.screenshot(SHOTS.resolve("scale-4-running-detail.png"));
  }

  private void selectedIdSurvivesUpdatesAndAStateChange() throws Exception {
    String id = running.get(15);
    browser.evaluate("openJob(%s)".formatted(quote(id)));
    String cellSelector = "tr[data-job-id='%s'] [data-field='id']".formatted(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> text(cellSelector).equals(id));
    browser.evaluate(
        ("(() => { const cell = document.querySelector(%s); const range = document.createRange();"
                + " range.selectNodeContents(cell); const s = window.getSelection();"
                + " s.removeAllRanges(); s.addRange(range); })()")
            .formatted(quote(cellSelector)));
    assertThat(selection()).isEqualTo(id);
    waitCycles(3);
    assertThat(selection()).isEqualTo(id);

    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(id).setReason("browser test").build());
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(cell(id, "state")).isEqualTo("CANCELLED");
              assertThat(text("#detail [data-section='head'] [data-field='state']"))
                  .isEqualTo("CANCELLED");
            });
    waitCycles(3);
    assertThat(selection()).isEqualTo(id);
    assertThat(
            browser.evaluate(
                "window.getSelection().anchorNode.parentElement.closest('tr').dataset.jobId"))
        .isEqualTo(id);
    assertThat(text("#detail [data-section='head'] [data-field='id']")).isEqualTo(id);
    browser.screenshot(SHOTS.resolve("scale-5-selection-kept.png"));

    browser.evaluate("openNode('edge-par-1')");
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(text("#detail [data-section='gpus']"))
                  .contains("A100", "81920 MiB", "300 W");
              assertThat(text("#detail [data-section='node']")).contains("GPUs free4/4", "FR");
            });
    browser.screenshot(SHOTS.resolve("scale-6-node.png"));
  }

  private static void waitCycles(int n) {
    int from = Integer.parseInt(browser.evaluate("document.body.dataset.cycles || '0'"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> Integer.parseInt(browser.evaluate("document.body.dataset.cycles")) >= from + n);
  }

  private static String selection() {
    return browser.evaluate("window.getSelection().toString()");
  }

  /** The time as the page writes it: local, hours to seconds. */
  private static String localTime(String iso) {
    return browser.evaluate(
        "new Date(%s).toLocaleTimeString('en-GB', { hour12: false })".formatted(quote(iso)));
  }

  private static int chip(String state) {
    String t = text("#states [data-count-state='%s'] .count".formatted(state));
    return t.matches("[0-9]+") ? Integer.parseInt(t) : -1;
  }

  private static String rowIds() {
    return browser.evaluate(
        "[...document.querySelectorAll('#jobs tbody tr')].map(r => r.dataset.jobId).join()");
  }

  private static List<String> rowStates() {
    String joined =
        browser.evaluate(
            "[...document.querySelectorAll('#jobs tbody tr')].map(r => r.dataset.state).join()");
    return joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }

  private static void click(String selector) {
    browser.evaluate("document.querySelector(%s).click()".formatted(quote(selector)));
  }

  private static void setValue(String selector, String value) {
    browser.evaluate(
        ("(() => { const e = document.querySelector(%s); e.value = %s;"
                + " e.dispatchEvent(new Event('change')); })()")
            .formatted(quote(selector), quote(value)));
  }

  private static void type(String selector, String value) {
    browser.evaluate(
        ("(() => { const e = document.querySelector(%s); e.value = %s;"
                + " e.dispatchEvent(new Event('input')); })()")
            .formatted(quote(selector), quote(value)));
  }

  private static int count(String state) throws Exception {
    return rest("/api/v1/jobs/page?limit=1&q=" + jobsTag + "&state=" + state).path("total").asInt();
  }

  private static JsonNode rest(String path) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cluster.httpBase() + path.substring(1))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
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
