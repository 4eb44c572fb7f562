package io.lastmile.agent.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoundTripProbeTest {
  private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void measuresAHandshakeWithARealListenerAndReportsItOnce() throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      RoundTripProbe probe =
          new RoundTripProbe(
              Map.of("sg-sin", "127.0.0.1:" + listener.getLocalPort()),
              Duration.ofSeconds(2),
              CLOCK);

      probe.probeAll();
      var samples = probe.drain();

      assertThat(samples).hasSize(1);
      assertThat(samples.get(0).region()).isEqualTo("sg-sin");
      assertThat(samples.get(0).at()).isEqualTo(NOW);
      // Loopback: a handshake takes well under the probe's timeout, and some time.
      assertThat(samples.get(0).rttMs()).isGreaterThan(0).isLessThan(2_000);
      assertThat(probe.drain()).isEmpty();
    }
  }

  @Test
  void aTargetThatRefusesLeavesNoSample() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    RoundTripProbe probe =
        new RoundTripProbe(Map.of("us-nyc", "127.0.0.1:" + closed), Duration.ofSeconds(1), CLOCK);

    probe.probeAll();

    assertThat(probe.drain()).isEmpty();
  }

  @Test
  void malformedTargetsNameTheKeyAndTheValue() {
    for (String bad :
        new String[] {"no-port", "host:", ":443", "host:0", "host:70000", "host:https"}) {
      assertThatThrownBy(
              () -> new RoundTripProbe(Map.of("sg-sin", bad), Duration.ofSeconds(1), CLOCK))
          .as(bad)
          .hasMessage(
              "lastmile.agent.rtt.targets.sg-sin=%s must be host:port, for example".formatted(bad)
                  + " probe.example.net:443");
    }
  }

  @Test
  void targetsAreProbedInRegionOrder() {
    RoundTripProbe probe =
        new RoundTripProbe(
            Map.of("us-nyc", "a.example:443", "de-fra", "[::1]:8443"),
            Duration.ofSeconds(1),
            CLOCK);

    assertThat(probe.targets())
        .containsExactly(
            new RoundTripProbe.Target("de-fra", "[::1]", 8443),
            new RoundTripProbe.Target("us-nyc", "a.example", 443));
  }
}
