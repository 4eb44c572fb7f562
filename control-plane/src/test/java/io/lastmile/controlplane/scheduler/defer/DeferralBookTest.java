package io.lastmile.controlplane.scheduler.defer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeferralBookTest {
  private static final Instant T10 = Instant.parse("2025-03-01T10:00:00Z");

  /** Book: job a, 2 GPUs, DE 10:00-12:00; job b, 1 GPU, DE 11:30-12:30; job c, 4 GPUs, FR 10:00. */
  private static DeferralBook book() {
    DeferralBook book = new DeferralBook();
    book.book("a", "DE", T10, Duration.ofHours(2), 2);
    book.book("b", "DE", T10.plus(Duration.ofMinutes(90)), Duration.ofHours(1), 1);
    book.book("c", "FR", T10, Duration.ofMinutes(30), 4);
    return book;
  }

  static Stream<Arguments> peaks() {
    return Stream.of(
        Arguments.of("DE", "10:00", Duration.ofMinutes(30), 2),
        Arguments.of("DE", "10:30", Duration.ofHours(1), 3),
        Arguments.of("DE", "11:00", Duration.ofHours(1), 3),
        Arguments.of("DE", "12:00", Duration.ofHours(1), 1),
        Arguments.of("DE", "13:00", Duration.ofHours(5), 0),
        Arguments.of("DE", "09:00", Duration.ofHours(1), 0),
        Arguments.of("DE", "09:59", Duration.ZERO, 0),
        Arguments.of("DE", "10:59", Duration.ZERO, 2),
        Arguments.of("FR", "10:45", Duration.ofMinutes(5), 4),
        Arguments.of("SG", "10:00", Duration.ofHours(24), 0));
  }

  @ParameterizedTest(name = "{0} from {1} for {2}: {3} GPUs")
  @MethodSource("peaks")
  void peakIsTheMostGpusBookedInAnyHourTheRunTouches(
      String zone, String from, Duration run, int gpus) {
    Instant start = Instant.parse("2025-03-01T" + from + ":00Z");

    assertThat(book().peakGpus(zone, start, run)).isEqualTo(gpus);
  }

  @ParameterizedTest(name = "{0} from {1} for {2}: {3} GPUs")
  @MethodSource("peaks")
  void releasingEveryBookingLeavesNothing(String zone, String from, Duration run, int gpus) {
    DeferralBook book = book();
    book.release("a");
    book.release("b");
    book.release("c");
    book.release("never-booked");

    assertThat(book.peakGpus(zone, Instant.parse("2025-03-01T" + from + ":00Z"), run)).isZero();
    assertThat(book.size()).isZero();
  }

  @Test
  void bookingAgainReplacesTheJobsEarlierWindow() {
    DeferralBook book = book();

    book.book("a", "DE", T10.plus(Duration.ofHours(5)), Duration.ofHours(1), 2);

    assertThat(book.peakGpus("DE", T10, Duration.ofMinutes(30))).isZero();
    assertThat(book.peakGpus("DE", T10.plus(Duration.ofHours(5)), Duration.ofHours(1)))
        .isEqualTo(2);
    assertThat(book.size()).isEqualTo(3);
  }
}
