package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.lastmile.api.v1.CancelJobRequest;
import io.lastmile.api.v1.GetJobRequest;
import io.lastmile.api.v1.JobClass;
import io.lastmile.api.v1.JobServiceGrpc;
import io.lastmile.api.v1.JobSpec;
import io.lastmile.api.v1.JobState;
import io.lastmile.api.v1.Placement;
import io.lastmile.api.v1.Resources;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.api.v1.Workload;
import io.lastmile.controlplane.events.EmbeddedKafka;
import io.lastmile.controlplane.metrics.Promtool;
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
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard (docs/grafana/lastmile.json) against a real Prometheus scraping a real
 * control plane with a real agent, after a scripted run: a placement, a preemption, finished
 * attempts with energy, a job left pending, and one price message through Kafka. Every query of
 * every panel returns data, and the counters whose first event came during the run show it in
 * {@code increase()}: a counter that appeared only with its first event would show 0 there.
 */
class MonitoringE2ETest {
  private static final Path ROOT = Path.of(System.getProperty("lastmile.root", ".."));
  private static final Path DASHBOARD = ROOT.resolve("docs/grafana/lastmile.json");

  @TempDir static Path work;
  static EmbeddedKafka kafka;
  static LocalCluster cluster;
  static ManagedChannel channel;
  static JobServiceGrpc.JobServiceBlockingStub jobs;
  static PrometheusServer prometheus;

  @BeforeAll
  static void start() throws Exception {
    PrometheusServer.requireInstalled();
    kafka = EmbeddedKafka.start("monitoring");
    cluster =
        new LocalCluster(work)
            .startControlPlane(
                "-Dlastmile.messaging.connector=smallrye-kafka",
                "-Dkafka.bootstrap.servers=" + kafka.bootstrapServers())
            .startAgent("edge-fra-1", "de-fra", "1xL4:23034:72");
    channel = cluster.channel();
    jobs = JobServiceGrpc.newBlockingStub(channel);
    prometheus =
        PrometheusServer.scraping(
            "localhost:" + cluster.httpPort(),
            work.resolve("prometheus"),
            LocalCluster.log("prometheus"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyDashboardQueryReturnsDataAfterARunWithAPreemptionAndAPriceMessage() throws Exception {
    // Prometheus must hold each counter at its value before the run's first event.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> prometheus.value("count_over_time(lastmile_preemptions_total[1m])") >= 2);

    String batch = submit(spec("exec sleep 300", JobClass.JOB_CLASS_INTERRUPTIBLE, 1));
    awaitState(batch, JobState.JOB_STATE_RUNNING);
    String urgent = submit(spec("sleep 2", JobClass.JOB_CLASS_LATENCY_CRITICAL, 1));
    awaitState(urgent, JobState.JOB_STATE_SUCCEEDED);
    String stuck = submit(spec("true", JobClass.JOB_CLASS_STANDARD, 4));
    publishPrice("DE-LU", 77.0);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(prometheus.value("sum(increase(lastmile_preemptions_total[5m]))"))
                  .as("the run's one preemption")
                  .isGreaterThan(0);
              assertThat(prometheus.value("sum(increase(lastmile_prices_received_total[5m]))"))
                  .as("prices from the run's one message")
                  .isGreaterThan(0);
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              for (Query q : dashboardQueries()) {
                assertThat(prometheus.query(q.expr()))
                    .as("%s: %s", q.panel(), q.expr())
                    .isNotEmpty();
              }
            });

    assertThat(panelValue("Preemptions")).isGreaterThan(0);
    assertThat(panelValue("Placements per region")).isGreaterThan(0);
    assertThat(panelValue("Energy per region")).as("Wh in de-fra").isGreaterThan(0);
    assertThat(panelValue("Pending jobs")).isEqualTo(1);
    assertThat(panelValue("Connected agents")).isEqualTo(1);
    assertThat(prometheus.query(query("Leader").expr()))
        .singleElement()
        .satisfies(s -> assertThat(s.path("metric").path("instance").asText()).isNotEmpty());
    assertThat(get(stuck).getState()).isEqualTo(JobState.JOB_STATE_PENDING);

    // The whole endpoint after real traffic (gRPC, REST, messaging meters all in use).
    Promtool.run(work, scrape(), "check", "metrics");
    jobs.cancelJob(CancelJobRequest.newBuilder().setJobId(batch).build());
  }

  private record Query(String panel, String expr) {}

  /** Every target of every panel, with Grafana's rate interval as Prometheus takes it. */
  private static List<Query> dashboardQueries() throws Exception {
    List<Query> out = new ArrayList<>();
    for (JsonNode panel : new ObjectMapper().readTree(Files.readString(DASHBOARD)).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        out.add(
            new Query(
                panel.path("title").asText(),
                target.path("expr").asText().replace("$__rate_interval", "1m")));
      }
    }
    assertThat(out).hasSizeGreaterThan(10);
    return out;
  }

  private static Query query(String panel) throws Exception {
    return dashboardQueries().stream()
        .filter(q -> q.panel().equals(panel))
        .findFirst()
        .orElseThrow();
  }

  /** The sum of the first query of {@code panel} over its series. */
  private static double panelValue(String panel) throws Exception {
    double sum = 0;
    for (JsonNode series : prometheus.query(query(panel).expr())) {
      sum += Double.parseDouble(series.path("value").get(1).asText());
    }
    return sum;
  }

  private static void publishPrice(String zone, double eurPerMwh) {
    String json =
        """
        {"zone":"%s","start":"%s","duration":"PT48H","price":%s,"currency":"EUR","kind":"forecast"}"""
            .formatted(zone, Instant.now().truncatedTo(ChronoUnit.HOURS), eurPerMwh);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (var producer = new KafkaProducer<String, String>(p)) {
      producer.send(new ProducerRecord<>("power-prices", zone, json));
    }
  }

  private static byte[] scrape() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(cluster.httpBase() + "q/metrics"))
                .header("Accept", "text/plain; version=0.0.4")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  private static JobSpec.Builder spec(String sh, JobClass jobClass, int gpus) {
    return JobSpec.newBuilder()
        .setName("monitoring")
        .setJobClass(jobClass)
        .setWorkload(Workload.newBuilder().setCommand("sh").addArgs("-c").addArgs(sh))
        .setResources(Resources.newBuilder().setGpuCount(gpus))
        .setPlacement(Placement.newBuilder().setOriginRegion("de-fra"));
  }

  private static String submit(JobSpec.Builder spec) {
    return jobs.submitJob(
            SubmitJobRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setSpec(spec)
                .build())
        .getJob()
        .getId();
  }

  private static io.lastmile.api.v1.Job get(String id) {
    return jobs.getJob(GetJobRequest.newBuilder().setJobId(id).build()).getJob();
  }

  private static void awaitState(String id, JobState state) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> get(id).getState() == state);
  }
}
