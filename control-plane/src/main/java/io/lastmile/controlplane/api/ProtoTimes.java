package io.lastmile.controlplane.api;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.lastmile.controlplane.domain.InvalidFieldException;
import java.time.Instant;

/** Proto times and durations checked against their defined range and the field's own bound. */
final class ProtoTimes {
  private static final long MIN_TIMESTAMP_SECONDS = -62_135_596_800L;
  private static final long MAX_TIMESTAMP_SECONDS = 253_402_300_799L;

  private ProtoTimes() {}

  /** A time within the range {@code google.protobuf.Timestamp} defines (years 1 to 9999). */
  static Instant timestamp(String field, Timestamp t) {
    if (t.getSeconds() < MIN_TIMESTAMP_SECONDS
        || t.getSeconds() > MAX_TIMESTAMP_SECONDS
        || t.getNanos() < 0
        || t.getNanos() > 999_999_999) {
      throw new InvalidFieldException(
          field,
          t.getSeconds() + "s " + t.getNanos() + "ns",
          "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
    }
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }

  static java.time.Duration duration(String field, Duration d, java.time.Duration max) {
    java.time.Duration value;
    try {
      value = java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    } catch (ArithmeticException e) {
      throw new InvalidFieldException(field, d.getSeconds() + "s", "is not a valid duration");
    }
    if (value.isNegative() || d.getNanos() < 0 || d.getNanos() > 999_999_999) {
      throw new InvalidFieldException(field, value, "must not be negative");
    }
    if (value.compareTo(max) > 0) {
      throw new InvalidFieldException(field, value, "must be at most " + max);
    }
    return value;
  }
}
