package io.lastmile.controlplane.scheduler;

import static io.lastmile.controlplane.scheduler.Fixtures.node;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.energy.PriceBook;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClusterViewLookUpsTest {
  private static final PriceBook PRICES = Fixtures.flatPrices("SG", 120, "DE", 80);

  @Test
  void averagePricesPerLocalityAreThoseOfThePriceBookOverTheWindowFromNow() {
    ClusterView view =
        Fixtures.view(
            Fixtures.latency(),
            PRICES,
            node("a").in("sg-sin").build(),
            node("b").in("de-fra").build(),
            node("c").in("us-ord").build());
    NodeColumns columns = view.columns();
    Duration run = Duration.ofMinutes(90);

    double[] prices = view.averagePricesPerMwh(run);

    for (int k = 0; k < columns.size(); k++) {
      String zone = columns.node(k).info().marketZone();
      assertThat(prices[columns.locality(k)])
          .as("NaN where the book has no price, too")
          .usingComparator(Double::compare)
          .isEqualTo(PRICES.averagePricePerMwh(zone, Fixtures.NOW, run));
    }
    assertThat(prices[columns.locality(2)]).as("no prices for US").isNaN();
  }

  @Test
  void averagePricesAreSharedByViewsOfTheSameTimeAndBookAndFollowEitherChange() {
    ClusterView view = Fixtures.view(Fixtures.latency(), PRICES, node("a").in("sg-sin").build());
    Duration run = Duration.ofHours(1);
    ClusterView bound = view.withNode(node("a").in("sg-sin").allocated(0).build());
    ClusterView tomorrow = view.at(Fixtures.NOW.plus(Duration.ofHours(20)));
    ClusterView cheaper = view.withPrices(Fixtures.flatPrices("SG", 60));

    assertThat(bound.averagePricesPerMwh(run)).isSameAs(view.averagePricesPerMwh(run));
    assertThat(tomorrow.averagePricesPerMwh(run)[0])
        .isEqualTo(PRICES.averagePricePerMwh("SG", Fixtures.NOW.plus(Duration.ofHours(20)), run));
    assertThat(cheaper.averagePricesPerMwh(run)[0]).isEqualTo(60.0);
    assertThat(view.averagePricesPerMwh(run)[0]).isEqualTo(120.0);
  }
}
