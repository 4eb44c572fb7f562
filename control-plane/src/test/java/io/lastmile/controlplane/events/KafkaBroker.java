package io.lastmile.controlplane.events;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts an {@link EmbeddedKafka} for a Quarkus test and points the channels at it. The broker is
 * reachable from the test through {@link #broker()} (to stop it, or to produce and consume).
 */
public class KafkaBroker implements QuarkusTestResourceLifecycleManager {
  private static volatile EmbeddedKafka broker;

  public static EmbeddedKafka broker() {
    return broker;
  }

  @Override
  public Map<String, String> start() {
    broker = EmbeddedKafka.start("control-plane");
    return Map.of(
        "lastmile.messaging.connector",
        "smallrye-kafka",
        "kafka.bootstrap.servers",
        broker.bootstrapServers());
  }

  @Override
  public void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }
}
