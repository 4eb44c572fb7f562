package io.lastmile.agent.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.agent.DaemonExecutors;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthEndpointTest {
  private final ScheduledExecutorService loop = DaemonExecutors.single("test-loop");
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean registered = new AtomicBoolean();
  private HealthEndpoint health;

  @AfterEach
  void stop() {
    health.close();
    loop.shutdownNow();
  }

  @Test
  void readyOnlyWhileRegistered() throws Exception {
    health = HealthEndpoint.start("127.0.0.1", 0, loop, registered::get, nanos::get);
    assertThat(get("/ready").statusCode()).isEqualTo(503);
    assertThat(get("/ready").body()).startsWith("DOWN: not registered");
    registered.set(true);
    assertThat(get("/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void liveUntilTheLoopStalls() throws Exception {
    health = HealthEndpoint.start("127.0.0.1", 0, loop, registered::get, nanos::get);
    assertThat(get("/live").statusCode()).isEqualTo(200);
    nanos.addAndGet(HealthEndpoint.STALLED.toNanos() - 1_000_000_000L);
    assertThat(get("/live").statusCode()).isEqualTo(200);
    nanos.addAndGet(1_000_000_000L);
    HttpResponse<String> stalled = get("/live");
    assertThat(stalled.statusCode()).isEqualTo(503);
    assertThat(stalled.body()).contains("has not run for 30 s");
    health.tick();
    assertThat(get("/live").statusCode()).isEqualTo(200);
  }

  @Test
  void onlyReadsAreAnswered() throws Exception {
    health = HealthEndpoint.start("127.0.0.1", 0, loop, registered::get, nanos::get);
    HttpRequest post =
        HttpRequest.newBuilder(uri("/live")).POST(HttpRequest.BodyPublishers.noBody()).build();
    assertThat(http.send(post, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + health.port() + path);
  }
}
