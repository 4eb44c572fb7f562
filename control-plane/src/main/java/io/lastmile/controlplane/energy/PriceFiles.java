package io.lastmile.controlplane.energy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads electricity prices from a data directory.
 *
 * <ul>
 *   <li>{@code prices.csv}: {@code zone,hour_start,price_per_mwh,currency,kind}, one row per zone
 *       and hour, {@code hour_start} an ISO-8601 instant on a whole hour (UTC), {@code kind} {@code
 *       actual} or {@code forecast}. A real series, for example replayed from a market's archive.
 *   <li>{@code price-profile.csv}: {@code zone,hour_of_day,price_per_mwh,currency}, a typical day
 *       per zone (hours 0 to 23 UTC), repeated around the current day: hours before now become
 *       actual prices, the others forecasts. The control plane ships such a sample so placements
 *       are price-aware out of the box; it is a profile, not market data.
 * </ul>
 */
public final class PriceFiles {
  /** How far a profile is repeated on each side of now. */
  static final Duration PROFILE_SPAN = Duration.ofDays(2);

  private PriceFiles() {}

  /** Prices from {@code dir}: {@code prices.csv} when present, else {@code price-profile.csv}. */
  public static List<PricePoint> load(Path dir, Instant now) {
    Path series = dir.resolve("prices.csv");
    if (Files.exists(series)) {
      return series(read(series), series.toString());
    }
    Path profile = dir.resolve("price-profile.csv");
    return Files.exists(profile) ? profile(read(profile), profile.toString(), now) : List.of();
  }

  /** The bundled sample profile, repeated around {@code now}. */
  public static List<PricePoint> sample(Instant now) {
    try (InputStream in =
        PriceFiles.class.getResourceAsStream(Topology.SAMPLE + "price-profile.csv")) {
      if (in == null) {
        throw new IllegalStateException("sample price-profile.csv missing from the classpath");
      }
      List<String> lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      return profile(lines, "bundled sample price-profile.csv", now);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<PricePoint> series(List<String> lines, String source) {
    List<PricePoint> out = new ArrayList<>();
    forEachRow(
        lines,
        source,
        5,
        (cells, line) -> {
          String kind = cells[4];
          if (!kind.equals("actual") && !kind.equals("forecast")) {
            throw error(source, line, "kind must be actual or forecast, got '%s'".formatted(kind));
          }
          out.add(
              point(
                  source,
                  line,
                  cells[0],
                  instant(source, line, cells[1]),
                  cells[2],
                  cells[3],
                  kind.equals("forecast")));
        });
    return out;
  }

  static List<PricePoint> profile(List<String> lines, String source, Instant now) {
    List<PricePoint> out = new ArrayList<>();
    Instant from = now.truncatedTo(ChronoUnit.DAYS).minus(PROFILE_SPAN);
    Instant to = now.truncatedTo(ChronoUnit.DAYS).plus(PROFILE_SPAN);
    forEachRow(
        lines,
        source,
        4,
        (cells, line) -> {
          int hour = integer(source, line, "hour_of_day", cells[1]);
          if (hour < 0 || hour > 23) {
            throw error(source, line, "hour_of_day must be 0 to 23, got " + hour);
          }
          for (Instant day = from; day.isBefore(to); day = day.plus(Duration.ofDays(1))) {
            Instant at = day.plus(Duration.ofHours(hour));
            out.add(point(source, line, cells[0], at, cells[2], cells[3], !at.isBefore(now)));
          }
        });
    return out;
  }

  private interface RowHandler {
    void row(String[] cells, int line);
  }

  private static void forEachRow(
      List<String> lines, String source, int columns, RowHandler handler) {
    boolean header = true;
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        continue;
      }
      String[] cells = text.split(",", -1);
      if (cells.length != columns) {
        throw error(
            source, i + 1, "expected %d columns, found %d".formatted(columns, cells.length));
      }
      for (int c = 0; c < cells.length; c++) {
        cells[c] = cells[c].strip();
      }
      handler.row(cells, i + 1);
    }
  }

  private static PricePoint point(
      String source,
      int line,
      String zone,
      Instant at,
      String price,
      String currency,
      boolean forecast) {
    double value;
    try {
      value = Double.parseDouble(price);
    } catch (NumberFormatException e) {
      throw error(source, line, "price_per_mwh '%s' is not a number".formatted(price));
    }
    try {
      return new PricePoint(zone, at, value, currency, forecast);
    } catch (IllegalArgumentException e) {
      throw error(source, line, e.getMessage());
    }
  }

  private static Instant instant(String source, int line, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw error(
          source,
          line,
          "hour_start '%s' is not an ISO-8601 instant such as 2023-06-01T13:00:00Z"
              .formatted(text));
    }
  }

  private static int integer(String source, int line, String field, String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw error(source, line, "%s '%s' is not a whole number".formatted(field, text));
    }
  }

  private static IllegalArgumentException error(String source, int line, String what) {
    return new IllegalArgumentException("%s line %d: %s".formatted(source, line, what));
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
