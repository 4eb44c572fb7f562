package io.lastmile.controlplane.kube;

import io.lastmile.controlplane.domain.InvalidFieldException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in YAML: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h},
 * {@code 1d}.
 */
final class DurationText {
  /** What a duration looks like; the InferenceJob schema checks the same pattern. */
  static final String PATTERN = "^(\\d{1,9})(ms|s|m|h|d)$";

  private static final Pattern TEXT = Pattern.compile(PATTERN);

  private DurationText() {}

  /** The duration, or null when {@code text} is null or blank. */
  static Duration parse(String field, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new InvalidFieldException(
          field, text, "must be a whole number with a unit: ms, s, m, h or d (for example 30ms)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
