package io.lastmile.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Debian's headless Chromium driven over the Chrome DevTools protocol, with the JDK's own HTTP
 * client and WebSocket: no driver download, works offline. One page per instance.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Skips the calling test class without Chromium, or fails it under {@code CI=true}. */
  static void requireInstalled() {
    RequiredTool.require(
        BINARY,
        "install it (apt-get install -y chromium) or set CHROMIUM",
        "dashboard browser test");
  }

  /** Starts Chromium with a fresh profile and connects to its first page. */
  static HeadlessChromium start(Path logDir) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("lastmile-chromium");
    Files.createDirectories(logDir);
    Process process =
        new ProcessBuilder(
                List.of(
                    BINARY.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--remote-allow-origins=*",
                    "--remote-debugging-port=0",
                    "--window-size=1400,1000",
                    "--user-data-dir=" + profile,
                    "about:blank"))
            .redirectErrorStream(true)
            .redirectOutput(logDir.resolve("chromium.log").toFile())
            .start();
    int port = devToolsPort(profile, process);
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (pageSocket == null && System.nanoTime() < deadline) {
      String list =
          http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (JsonNode target : JSON.readTree(list)) {
        if (target.path("type").asText().equals("page")) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
        }
      }
      if (pageSocket == null) {
        Thread.sleep(100);
      }
    }
    if (pageSocket == null) {
      process.destroyForcibly();
      throw new IllegalStateException("Chromium opened no page; see chromium.log");
    }
    Listener listener = new Listener();
    WebSocket socket =
        http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), listener).join();
    HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
    listener.owner = chromium;
    return chromium;
  }

  /** Chromium writes the port it chose into the profile once DevTools listens. */
  private static int devToolsPort(Path profile, Process process)
      throws IOException, InterruptedException {
    Path file = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file);
        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
          return Integer.parseInt(lines.get(0).strip());
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("Chromium exited with " + process.exitValue());
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Chromium did not open DevTools within 30 s");
  }

  void navigate(String url) {
    call("Page.enable", JSON.createObjectNode());
    call("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /** Evaluates {@code expression} in the page and returns its value as text ("" for none). */
  String evaluate(String expression) {
    JsonNode result =
        call(
            "Runtime.evaluate",
            JSON.createObjectNode()
                .put("expression", expression)
                .put("returnByValue", true)
                .put("awaitPromise", true));
    JsonNode value = result.path("result").path("value");
    return value.isMissingNode() || value.isNull() ? "" : value.asText();
  }

  /** The text of the first element matching {@code selector} in the live page; "" for none. */
  String text(String selector) {
    return evaluate(
        "(() => { const e = document.querySelector(%s); return e ? e.textContent : ''; })()"
            .formatted(js(selector)));
  }

  /** {@code s} as a JavaScript string literal. */
  static String js(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Captures the page as PNG into {@code file}; returns its size in bytes. */
  long screenshot(Path file) throws IOException {
    JsonNode result = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    byte[] png = Base64.getDecoder().decode(result.path("data").asText());
    Files.createDirectories(file.getParent());
    Files.write(file, png);
    return png.length;
  }

  private JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> response = new CompletableFuture<>();
    calls.put(id, response);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    socket.sendText(message.toString(), true).join();
    try {
      JsonNode reply = response.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (reply.has("error")) {
        throw new IllegalStateException(method + " failed: " + reply.get("error"));
      }
      return reply.path("result");
    } catch (Exception e) {
      throw new IllegalStateException(method + " got no answer", e);
    } finally {
      calls.remove(id);
    }
  }

  private void received(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      CompletableFuture<JsonNode> call =
          message.has("id") ? calls.get(message.get("id").asInt()) : null;
      if (call != null) {
        call.complete(message);
      }
    } catch (IOException e) {
      // An event we cannot read is of no interest to the test.
    }
  }

  /** Joins WebSocket fragments into whole messages. */
  private static final class Listener implements WebSocket.Listener {
    volatile HeadlessChromium owner;
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String text = buffer.toString();
        buffer.setLength(0);
        if (owner != null) {
          owner.received(text);
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  /**
   * Stops Chromium and every process it started (renderers and crash handler outlive the browser
   * for a moment and still write into the profile), then removes the profile.
   */
  @Override
  public void close() {
    socket.abort();
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.destroyForcibly();
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // A child that will not go leaves its files behind; the profile is removed as far as it can
      // be.
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // A profile left in the temp directory harms nothing.
    }
  }
}
