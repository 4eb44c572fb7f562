package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PriceBookTest {
  private static final Instant H10 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant H11 = H10.plus(Duration.ofHours(1));
  private static final Instant H12 = H10.plus(Duration.ofHours(2));

  private static final PriceBook BOOK =
      PriceBook.withRates("EUR", Map.of("GBP", 1.2))
          .with(
              List.of(
                  PricePoint.forecast("DE-LU", H10, 100, "EUR"),
                  PricePoint.forecast("DE-LU", H11, 40, "EUR"),
                  PricePoint.forecast("DE-LU", H12, 70, "EUR"),
                  PricePoint.forecast("GB", H10, 50, "GBP")));

  static Stream<Arguments> averages() {
    return Stream.of(
        Arguments.of("one whole hour", "DE-LU", H10, Duration.ofHours(1), 100.0),
        Arguments.of("two whole hours", "DE-LU", H10, Duration.ofHours(2), 70.0),
        Arguments.of(
            "half an hour at 100, an hour at 40",
            "DE-LU",
            H10.plus(Duration.ofMinutes(30)),
            Duration.ofMinutes(90),
            60.0),
        Arguments.of(
            "zero duration: the hour's price", "DE-LU", H11.plusSeconds(5), Duration.ZERO, 40.0),
        Arguments.of(
            "past the last hour the last price holds", "DE-LU", H12, Duration.ofHours(3), 70.0),
        Arguments.of("converted to the book currency", "GB", H10, Duration.ofHours(1), 60.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void averages(String name, String zone, Instant start, Duration d, double expected) {
    assertThat(BOOK.averagePricePerMwh(zone, start, d)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void unknownBeforeTheFirstPriceAndForUnknownZones() {
    assertThat(BOOK.averagePricePerMwh("DE-LU", H10.minusSeconds(1), Duration.ofHours(1))).isNaN();
    assertThat(BOOK.averagePricePerMwh("FR", H10, Duration.ofHours(1))).isNaN();
  }

  @Test
  void settledPriceReplacesForecastButNotTheOtherWayRound() {
    PriceBook settled = BOOK.with(PricePoint.actual("DE-LU", H10, 120, "EUR"));
    PriceBook reforecast = settled.with(PricePoint.forecast("DE-LU", H10, 10, "EUR"));

    assertThat(settled.pricePerMwh("DE-LU", H10)).isEqualTo(120);
    assertThat(reforecast.pricePerMwh("DE-LU", H10)).isEqualTo(120);
    assertThat(BOOK.pricePerMwh("DE-LU", H10)).isEqualTo(100);
  }

  @Test
  void refusesPricesInACurrencyWithoutRate() {
    assertThatThrownBy(() -> BOOK.with(PricePoint.forecast("SG", H10, 90, "SGD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "price for SG at 2025-03-01T10:00:00Z is in SGD, which has no exchange rate to EUR");
  }

  @Test
  void refusesHourStartsOffTheHour() {
    assertThatThrownBy(() -> PricePoint.forecast("SG", H10.plusSeconds(60), 90, "EUR"))
        .hasMessage("hour_start must be a whole hour, got 2025-03-01T10:01:00Z");
  }

  @Test
  void knowsWhichHoursHaveTheirOwnPrice() {
    assertThat(BOOK.covers("DE-LU", H12.plusSeconds(59))).isTrue();
    assertThat(BOOK.covers("DE-LU", H12.plus(Duration.ofHours(1)))).isFalse();
    assertThat(BOOK.lastHour("DE-LU")).isEqualTo(H12);
  }
}
