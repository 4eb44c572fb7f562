package io.lastmile.controlplane.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceMessagesTest {
  private static final Instant H13 = Instant.parse("2023-06-01T13:00:00Z");

  @Test
  void anIntervalOfTwoHoursInKwhBecomesTwoHourlyPointsPerMwh() {
    var points =
        PriceMessages.parse(
            """
            {"zone":"US-NY","start":"2023-06-01T13:00:00Z","end":"2023-06-01T15:00:00Z",
             "price":0.05,"currency":"USD","unit":"kWh","kind":"forecast"}""");

    assertThat(points)
        .containsExactly(
            PricePoint.forecast("US-NY", H13, 50.0, "USD"),
            PricePoint.forecast("US-NY", H13.plusSeconds(3600), 50.0, "USD"));
  }

  @Test
  void formatAndParseRoundTrip() {
    PricePoint p = PricePoint.actual("DE-LU", H13, -5.17, "EUR");

    assertThat(PriceMessages.parse(PriceMessages.format(p))).containsExactly(p);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          not json         | {zone:                                                                                            | MALFORMED_JSON       | not JSON
          an array         | []                                                                                                | MALFORMED_JSON       | expected a JSON object
          no zone          | {"start":"2023-06-01T13:00:00Z","duration":"PT1H","price":1,"currency":"EUR","kind":"actual"}     | MISSING_FIELD        | zone is required
          no price         | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT1H","currency":"EUR","kind":"actual"}   | MISSING_FIELD        | price is required
          price as text    | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT1H","price":"x","currency":"EUR","kind":"actual"} | BAD_VALUE | price '"x"' must be a finite number
          bad start        | {"zone":"FR","start":"yesterday","duration":"PT1H","price":1,"currency":"EUR","kind":"actual"}    | BAD_VALUE            | start 'yesterday' must be an ISO-8601 instant
          bad kind         | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT1H","price":1,"currency":"EUR","kind":"guess"} | BAD_VALUE       | kind 'guess' must be actual or forecast
          bad unit         | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT1H","price":1,"currency":"EUR","unit":"GJ","kind":"actual"} | BAD_VALUE | unit 'GJ' must be MWh or kWh
          bad currency     | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT1H","price":1,"currency":"euro","kind":"actual"} | BAD_VALUE     | currency 'euro' must be an ISO 4217 code
          end before start | {"zone":"FR","start":"2023-06-01T13:00:00Z","end":"2023-06-01T12:00:00Z","price":1,"currency":"EUR","kind":"actual"} | BAD_VALUE | duration 'PT-1H' must be more than zero
          quarter hour     | {"zone":"FR","start":"2023-06-01T13:00:00Z","duration":"PT15M","price":1,"currency":"EUR","kind":"actual"} | UNSUPPORTED_INTERVAL | must start on a whole hour and span whole hours
          off the hour     | {"zone":"FR","start":"2023-06-01T13:30:00Z","duration":"PT1H","price":1,"currency":"EUR","kind":"actual"} | UNSUPPORTED_INTERVAL | 2023-06-01T13:30:00Z
          """)
  void refusesWithReasonNamingFieldAndValue(
      String name, String json, PriceRejection reason, String message) {
    assertThatThrownBy(() -> PriceMessages.parse(json))
        .isInstanceOfSatisfying(
            InvalidPriceException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
