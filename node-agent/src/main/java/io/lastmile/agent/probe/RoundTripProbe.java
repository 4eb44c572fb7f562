package io.lastmile.agent.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jboss.logging.Logger;

/**
 * Measures the round trip from this site to a probe target in each configured region: the time a
 * TCP handshake takes (connect returns when the SYN-ACK is back, one round trip), best of a few
 * tries so a queueing spike does not count. The host name is resolved before the clock starts. No
 * data is sent; any TCP service answering in the region will do (for example a web server on 443).
 */
public final class RoundTripProbe {
  private static final Logger LOG = Logger.getLogger(RoundTripProbe.class);
  private static final int TRIES = 3;

  private final List<Target> targets;
  private final Duration timeout;
  private final Clock clock;
  private final ConcurrentLinkedQueue<Sample> fresh = new ConcurrentLinkedQueue<>();

  /** A host:port that answers TCP in a region. */
  public record Target(String region, String host, int port) {
    /**
     * @param key the configuration key, named in the error
     * @throws IllegalArgumentException when {@code hostPort} is not host:port with a port 1-65535
     */
    static Target parse(String key, String region, String hostPort) {
      int colon = hostPort.lastIndexOf(':');
      String what =
          "%s=%s must be host:port, for example probe.example.net:443".formatted(key, hostPort);
      if (colon <= 0 || colon == hostPort.length() - 1) {
        throw new IllegalArgumentException(what);
      }
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what);
      }
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(what);
      }
      return new Target(region, hostPort.substring(0, colon), port);
    }
  }

  /** One measured round trip, reported to the control plane once. */
  public record Sample(String region, double rttMs, Instant at) {}

  /**
   * @param targets host:port by region, from {@code lastmile.agent.rtt.targets.<region>}
   * @param timeout longest wait for one handshake
   * @throws IllegalArgumentException naming the key of a malformed target
   */
  public RoundTripProbe(Map<String, String> targets, Duration timeout, Clock clock) {
    List<Target> parsed = new ArrayList<>();
    new TreeMap<>(targets)
        .forEach(
            (region, hostPort) ->
                parsed.add(Target.parse("lastmile.agent.rtt.targets." + region, region, hostPort)));
    this.targets = List.copyOf(parsed);
    this.timeout = timeout;
    this.clock = clock;
  }

  public List<Target> targets() {
    return targets;
  }

  /** Measures every target once; failures are logged and leave no sample. */
  public void probeAll() {
    for (Target t : targets) {
      try {
        fresh.add(new Sample(t.region(), measure(t), clock.instant()));
      } catch (IOException e) {
        LOG.warnf("round trip to %s (%s:%d) not measured: %s", t.region(), t.host(), t.port(), e);
      }
    }
  }

  /** The best of a few TCP handshakes with {@code target}, in milliseconds. */
  double measure(Target target) throws IOException {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < TRIES; i++) {
      try (Socket socket = new Socket()) {
        long start = System.nanoTime();
        socket.connect(address, (int) timeout.toMillis());
        best = Math.min(best, (System.nanoTime() - start) / 1e6);
      }
    }
    return best;
  }

  /** The samples measured since the last call, oldest first. */
  public List<Sample> drain() {
    List<Sample> out = new ArrayList<>();
    Sample s;
    while ((s = fresh.poll()) != null) {
      out.add(s);
    }
    return out;
  }
}
