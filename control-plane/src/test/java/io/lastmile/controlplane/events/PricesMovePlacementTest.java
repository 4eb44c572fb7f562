package io.lastmile.controlplane.events;

import static io.lastmile.controlplane.scheduler.Fixtures.job;
import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceIntake;
import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.scheduler.ClusterView;
import io.lastmile.controlplane.scheduler.Decision;
import io.lastmile.controlplane.scheduler.Fixtures;
import io.lastmile.controlplane.scheduler.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A price message that makes a zone cheaper moves the next placement there. */
class PricesMovePlacementTest {
  private static final LatencyMap ASIA =
      Fixtures.latency("id-jkt", "sg-sin", 12, "id-jkt", "my-kul", 20, "sg-sin", "my-kul", 8);

  private final MarketPrices prices = new MarketPrices(Fixtures.flatPrices("SG", 120, "MY", 60));
  private final PriceIntake intake =
      new PriceIntake(prices, Duration.ofDays(1), Clock.fixed(Fixtures.NOW, ZoneOffset.UTC));
  private final Scheduler scheduler = Fixtures.scheduler(0.5, 1.0, 0.1);

  @Test
  void aJobThatWentToMalaysiaGoesToSingaporeOnceSingaporeIsCheaper() {
    assertThat(placedOn()).isEqualTo("my-1");

    intake.apply(
        PriceMessages.parse(
            """
            {"zone":"SG","start":"2025-03-01T00:00:00Z","duration":"PT48H","price":0.02,
             "currency":"EUR","unit":"kWh","kind":"forecast"}"""));

    assertThat(placedOn()).isEqualTo("sg-1");
  }

  private String placedOn() {
    ClusterView view =
        new ClusterView(
            java.util.List.of(node("sg-1").in("sg-sin").build(), node("my-1").in("my-kul").build()),
            ASIA,
            Fixtures.NOW,
            prices.book());
    Decision d = scheduler.decide(job().from("id-jkt", 50).build(), view);
    return ((Decision.Placed) d).node().id();
  }
}
