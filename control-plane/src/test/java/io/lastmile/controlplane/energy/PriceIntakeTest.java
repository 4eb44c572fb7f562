package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.energy.PriceIntake.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceIntakeTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:20:00Z");
  private static final Instant H10 = Instant.parse("2025-03-01T10:00:00Z");

  private final MarketPrices prices =
      new MarketPrices(PriceBook.withRates("EUR", Map.of("USD", 0.5)));
  private final PriceIntake intake =
      new PriceIntake(prices, Duration.ofDays(1), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void convertsToTheBookCurrencyAndUpdatesTheBook() {
    var result = intake.apply(List.of(PricePoint.forecast("US-NY", H10, 80, "USD")));

    assertThat(result.accepted()).containsExactly(PricePoint.forecast("US-NY", H10, 40, "EUR"));
    assertThat(prices.book().pricePerMwh("US-NY", H10)).isEqualTo(40);
  }

  @Test
  void anExactDuplicateChangesNothingAndIsCounted() {
    intake.apply(List.of(PricePoint.actual("FR", H10, 60, "EUR")));
    int[] changes = {0};
    prices.onChange(() -> changes[0]++);

    var result = intake.apply(List.of(PricePoint.actual("FR", H10, 60, "EUR")));

    assertThat(result.counts()).isEqualTo(Map.of(Outcome.DUPLICATE, 1));
    assertThat(changes[0]).isZero();
  }

  @Test
  void aLaterActualReplacesAForecastButNoForecastReplacesAnActual() {
    intake.apply(List.of(PricePoint.forecast("FR", H10, 90, "EUR")));
    intake.apply(List.of(PricePoint.actual("FR", H10, 70, "EUR")));

    var late = intake.apply(List.of(PricePoint.forecast("FR", H10, 10, "EUR")));

    assertThat(late.counts()).isEqualTo(Map.of(Outcome.SUPERSEDED, 1));
    assertThat(prices.book().own("FR", H10)).isEqualTo(PricePoint.actual("FR", H10, 70, "EUR"));
  }

  @Test
  void theLatestActualWinsOverAnEarlierActual() {
    intake.apply(List.of(PricePoint.actual("FR", H10, 70, "EUR")));

    intake.apply(List.of(PricePoint.actual("FR", H10, 75, "EUR")));

    assertThat(prices.book().pricePerMwh("FR", H10)).isEqualTo(75);
  }

  @Test
  void pointsOlderThanTheRetentionWindowAreDroppedAndCounted() {
    Instant old = H10.minus(Duration.ofDays(2));

    var result =
        intake.apply(
            List.of(
                PricePoint.actual("FR", old, 70, "EUR"), PricePoint.actual("FR", H10, 1, "EUR")));

    assertThat(result.counts()).isEqualTo(Map.of(Outcome.TOO_OLD, 1, Outcome.ACCEPTED, 1));
    assertThat(prices.book().own("FR", old)).isNull();
  }

  @Test
  void anUnknownCurrencyRefusesTheWholeMessageNamingIt() {
    assertThatThrownBy(
            () ->
                intake.apply(
                    List.of(
                        PricePoint.actual("FR", H10, 1, "EUR"),
                        PricePoint.actual("SG", H10, 1, "SGD"))))
        .isInstanceOfSatisfying(
            InvalidPriceException.class,
            e -> assertThat(e.reason()).isEqualTo(PriceRejection.UNKNOWN_CURRENCY))
        .hasMessageContaining("'SGD'")
        .hasMessageContaining("lastmile.energy.exchange-rates.SGD");
    assertThat(prices.book().own("FR", H10)).isNull();
  }
}
