package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.store.PricePointStore;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PriceChannelTest {
  @Inject @Any InMemoryConnector connector;
  @Inject MarketPrices prices;
  @Inject PricePointStore store;

  private final Instant hour =
      Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(3));

  @Test
  void anAcceptedPriceUpdatesTheBookAndIsStored() {
    PricePoint p = PricePoint.actual("TEST-ZONE-A", hour, 12.5, "EUR");

    connector.source("power-prices").send(PriceMessages.format(p));

    await().atMost(Duration.ofSeconds(10)).until(() -> p.equals(prices.book().own(p.zone(), hour)));
    assertThat(store.load()).contains(p);
  }

  @Test
  void aMalformedPriceGoesToTheDeadLetterChannelWithItsReasonAndTheStreamGoesOn() {
    var dlq = connector.sink("power-prices-dlq");
    dlq.clear();
    String bad =
        "{\"zone\":\"TEST-ZONE-B\",\"start\":\""
            + hour
            + "\",\"duration\":\"PT1H\",\"price\":\"x\","
            + "\"currency\":\"EUR\",\"kind\":\"actual\"}";
    PricePoint good = PricePoint.forecast("TEST-ZONE-B", hour, 7, "EUR");

    connector.source("power-prices").send(bad);
    connector.source("power-prices").send(PriceMessages.format(good));

    await().atMost(Duration.ofSeconds(10)).until(() -> dlq.received().size() == 1);
    assertThat(dlq.received().stream().map(Message::getPayload).map(String::valueOf).toList())
        .singleElement()
        .asString()
        .contains("\"reason\":\"BAD_VALUE\"")
        .contains("price '\\\"x\\\"' must be a finite number")
        .contains("TEST-ZONE-B");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> good.equals(prices.book().own(good.zone(), hour)));
  }
}
