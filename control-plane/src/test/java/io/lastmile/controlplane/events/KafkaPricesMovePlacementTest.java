package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.jobs.JobControl;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Prices produced to the Kafka {@code power-prices} topic reach the running control plane's price
 * book and move the next placement from one region's node to another's.
 */
@QuarkusTest
@TestProfile(KafkaPriceChannelTest.OnKafka.class)
class KafkaPricesMovePlacementTest {
  @Inject JobControl control;
  @Inject MarketPrices prices;

  private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);

  @Test
  void aJobGoesToParisOnceATopicMessageMakesParisCheaperThanFrankfurt() {
    TestFleet fleet = new TestFleet(control);
    String frankfurt = fleet.node("de-fra", "MOVE-DE");
    String paris = fleet.node("fr-par", "MOVE-FR");
    publish("MOVE-DE", 40);
    publish("MOVE-FR", 160);
    awaitPrice("MOVE-FR", 160);

    assertThat(fleet.run("acme", 5).nodeId()).isEqualTo(frankfurt);

    publish("MOVE-FR", 10);
    awaitPrice("MOVE-FR", 10);

    assertThat(fleet.run("acme", 5).nodeId()).isEqualTo(paris);
  }

  /** Two days of one price for the zone, from the current hour, as a day-ahead forecast. */
  private void publish(String zone, double eurPerMwh) {
    String json =
        """
        {"zone":"%s","start":"%s","duration":"PT48H","price":%s,"currency":"EUR","kind":"forecast"}"""
            .formatted(zone, hour, eurPerMwh);
    try (var producer = KafkaPriceChannelTest.producer()) {
      producer.send(new ProducerRecord<>("power-prices", zone, json));
    }
  }

  private void awaitPrice(String zone, double eurPerMwh) {
    Instant later = hour.plus(Duration.ofHours(1));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              var p = prices.book().own(zone, later);
              return p != null && p.pricePerMwh() == eurPerMwh;
            });
  }
}
