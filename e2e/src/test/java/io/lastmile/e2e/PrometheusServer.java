package io.lastmile.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Prometheus server on a free loopback port, scraping one target every second, with its
 * data in a temporary directory. {@code PROMETHEUS} overrides the binary.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY =
      Path.of(System.getenv().getOrDefault("PROMETHEUS", "/usr/bin/prometheus"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, URI base) {
    this.process = process;
    this.base = base;
  }

  /** Skips the calling test class without Prometheus, or fails it under {@code CI=true}. */
  static void requireInstalled() {
    RequiredTool.require(
        BINARY, "install it (apt-get install -y prometheus) or set PROMETHEUS", "monitoring test");
  }

  /** Starts scraping {@code target} (host:port) at {@code /q/metrics}; returns once it is ready. */
  static PrometheusServer scraping(String target, Path dir, Path log) throws IOException {
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        scrape_configs:
          - job_name: lastmile
            metrics_path: /q/metrics
            static_configs:
              - targets: ['%s']
        """
            .formatted(target));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port + "/"));
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(() -> server.get("-/ready").statusCode() == 200);
    return server;
  }

  /** The result vector of an instant query; throws when Prometheus refuses the expression. */
  JsonNode query(String expr) throws IOException, InterruptedException {
    HttpResponse<String> r =
        get("api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    JsonNode body = JSON.readTree(r.body());
    if (!"success".equals(body.path("status").asText())) {
      throw new IllegalArgumentException(expr + ": " + body.path("error").asText());
    }
    return body.path("data").path("result");
  }

  /** The value of the first series of {@code expr}, NaN when it has none. */
  double value(String expr) throws IOException, InterruptedException {
    JsonNode result = query(expr);
    return result.isEmpty()
        ? Double.NaN
        : Double.parseDouble(result.get(0).path("value").get(1).asText());
  }

  /** Whether the target was scraped successfully at the last scrape. */
  boolean targetUp() throws IOException, InterruptedException {
    return value("up{job=\"lastmile\"}") == 1;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
