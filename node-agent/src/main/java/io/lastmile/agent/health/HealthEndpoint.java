package io.lastmile.agent.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The agent's health for a supervisor's probes (the kubelet's in a DaemonSet), over plain HTTP.
 *
 * <ul>
 *   <li>{@code GET /live}: 200 while the agent's session loop runs (it ticks every {@link #TICK});
 *       503 once it has not run for {@link #STALLED}, so a stuck agent is restarted.
 *   <li>{@code GET /ready}: 200 while the control plane has accepted the agent on the current
 *       stream; 503 while it dials, so an agent that cannot join shows as not Ready.
 * </ul>
 */
public final class HealthEndpoint implements AutoCloseable {
  static final Duration TICK = Duration.ofSeconds(5);
  static final Duration STALLED = Duration.ofSeconds(30);

  private final HttpServer server;
  private final LongSupplier nanoTime;
  private volatile long lastTick;

  private HealthEndpoint(HttpServer server, LongSupplier nanoTime) {
    this.server = server;
    this.nanoTime = nanoTime;
    this.lastTick = nanoTime.getAsLong();
  }

  /**
   * Listens on {@code address:port} (port 0: any free port) and ticks on {@code loop}.
   *
   * @param ready whether the control plane has accepted the agent
   * @throws IOException when the address cannot be bound
   */
  public static HealthEndpoint start(
      String address,
      int port,
      ScheduledExecutorService loop,
      BooleanSupplier ready,
      LongSupplier nanoTime)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 8);
    HealthEndpoint health = new HealthEndpoint(server, nanoTime);
    server.createContext("/live", exchange -> health.live(exchange));
    server.createContext(
        "/ready",
        exchange ->
            answer(
                exchange,
                ready.getAsBoolean(),
                "registered with the control plane",
                "not registered with the control plane; see the agent's log"));
    server.start();
    long every = TICK.toMillis();
    loop.scheduleAtFixedRate(health::tick, every, every, TimeUnit.MILLISECONDS);
    return health;
  }

  /** The port listened on. */
  public int port() {
    return server.getAddress().getPort();
  }

  void tick() {
    lastTick = nanoTime.getAsLong();
  }

  private void live(HttpExchange exchange) throws IOException {
    long idle = Duration.ofNanos(nanoTime.getAsLong() - lastTick).toSeconds();
    answer(
        exchange,
        idle < STALLED.toSeconds(),
        "session loop ran " + idle + " s ago",
        "session loop has not run for " + idle + " s");
  }

  private static void answer(HttpExchange exchange, boolean up, String yes, String no)
      throws IOException {
    byte[] body = ((up ? "UP: " + yes : "DOWN: " + no) + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(405, -1);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(up ? 200 : 503, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
