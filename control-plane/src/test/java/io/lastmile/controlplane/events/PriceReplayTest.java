package io.lastmile.controlplane.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceCsv;
import io.lastmile.controlplane.energy.PricePoint;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Price series replayed through the power-prices channel end up in the book point for point. */
@QuarkusTest
@TestProfile(PriceReplayTest.HistoricPrices.class)
class PriceReplayTest {
  /** 2023 prices are years old: keep them, and convert USD at a fixed rate. */
  public static class HistoricPrices implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "lastmile.energy.price-retention", "36500d",
          "lastmile.energy.exchange-rates.USD", "0.92");
    }
  }

  /** The shared data folder: -Dlastmile.shared-data, else ../shared/data beside the repository. */
  private static final Path SHARED =
      Path.of(System.getProperty("lastmile.shared-data", "../../shared/data"));

  @Inject @Any InMemoryConnector connector;
  @Inject MarketPrices prices;

  @Test
  void theProjectsSampleSeriesReplaysIntoTheBookWithTheLaterRowOfAnHourWinning() throws Exception {
    Path file =
        Path.of(getClass().getResource("/prices/SAMPLE-ZONE_electricity_prices_2023.csv").toURI());

    List<PricePoint> points = PriceCsv.read(file, "SAMPLE-ZONE", ZoneOffset.UTC, false);
    String progress = replay(points);

    assertThat(points).hasSize(49);
    assertBookMatches(points, 1.0);
    assertThat(prices.book().pricePerMwh("SAMPLE-ZONE", Instant.parse("2023-03-01T00:00:00Z")))
        .isEqualTo(41.0);
    assertThat(progress).contains("replayed 49/49 prices, at SAMPLE-ZONE 2023-03-01T00:00:00Z");
  }

  @Test
  void aMonthOfNewYorkDayAheadPricesFromTheSharedDataMatchesTheBookPointForPoint()
      throws Exception {
    Path file =
        SHARED.resolve(
            "electricity_price_multiregion_hourly_greendcc/US-NY-NYIS_electricity_prices_2023.csv");
    Assumptions.assumeTrue(
        Files.exists(file),
        "shared price data not found at "
            + file.toAbsolutePath()
            + "; set -Dlastmile.shared-data=<folder> to run this replay");

    // NYISO rows are hours in UTC, in USD; January has 744 of them.
    List<PricePoint> points =
        PriceCsv.read(file, "US-NY-NYIS", ZoneOffset.UTC, true).stream()
            .filter(p -> p.hourStart().isBefore(Instant.parse("2023-02-01T00:00:00Z")))
            .toList();
    replay(points);

    assertThat(points).hasSizeGreaterThan(700);
    assertBookMatches(points, 0.92);
  }

  private String replay(List<PricePoint> points) throws InterruptedException {
    var out = new ByteArrayOutputStream();
    var source = connector.source("power-prices");
    new PriceReplay(0, new PrintStream(out, true, StandardCharsets.UTF_8))
        .replay(points, source::send);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The last row of each hour, converted at {@code rate}, is what the book holds for it. */
  private void assertBookMatches(List<PricePoint> points, double rate) {
    Map<Instant, PricePoint> last = new LinkedHashMap<>();
    points.forEach(p -> last.put(p.hourStart(), p));
    PricePoint end = points.get(points.size() - 1);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              PricePoint held = prices.book().own(end.zone(), end.hourStart());
              return held != null && Math.abs(held.pricePerMwh() - end.pricePerMwh() * rate) < 1e-9;
            });
    last.forEach(
        (hour, p) -> {
          PricePoint held = prices.book().own(p.zone(), hour);
          assertThat(held).as("price of %s at %s", p.zone(), hour).isNotNull();
          assertThat(held.pricePerMwh())
              .as("price of %s at %s", p.zone(), hour)
              .isCloseTo(p.pricePerMwh() * rate, within(1e-9));
          assertThat(held.forecast()).isEqualTo(p.forecast());
        });
  }
}
