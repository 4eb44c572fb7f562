package io.lastmile.sim.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads greendcc price files: {@code <ZONE>_electricity_prices_<YEAR>.csv} with columns {@code
 * Datetime,Price (<CUR>/MWh)}, one row per hour. {@code Datetime} is {@code yyyy-MM-dd HH:mm:ss},
 * optionally followed by an offset such as {@code -06:00}; without one it is read in the site
 * table's timezone. A naive local hour that does not exist (the spring DST gap) is read as the hour
 * after it and overwrites it; an hour that appears twice with the same timestamp is AEMO's month
 * boundary (the single 5-minute interval ending at 00:00, then the mean of the 11 after it) and is
 * merged as {@code (first + 11 * second) / 12}.
 */
public final class GreenDccPrices {
  private static final DateTimeFormatter NAIVE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

  private GreenDccPrices() {}

  public static HourlyPrices read(Path dir, SiteTable sites) {
    Map<String, NavigableMap<Instant, Double>> byZone = new HashMap<>();
    Map<String, String> currency = new HashMap<>();
    for (SiteTable.Row site : sites.rows()) {
      Path file = find(dir, site.zone());
      byZone.put(site.zone(), hours(Csv.read(file), ZoneId.of(site.timezone())));
      currency.put(site.zone(), site.currency());
    }
    return new HourlyPrices(byZone, currency);
  }

  /** The hourly prices of one file, by UTC hour start. */
  public static NavigableMap<Instant, Double> hours(Csv csv, ZoneId naiveZone) {
    int time = csv.column("Datetime");
    int price = priceColumn(csv);
    NavigableMap<Instant, Double> out = new TreeMap<>();
    for (int r = 0; r < csv.size(); r++) {
      Instant hour = instant(csv, r, time, naiveZone).truncatedTo(ChronoUnit.HOURS);
      double value = csv.number(r, price);
      Double first = out.get(hour);
      boolean sameText = r > 0 && csv.text(r - 1, time).equals(csv.text(r, time));
      out.put(hour, first != null && sameText ? (first + 11 * value) / 12 : value);
    }
    return out;
  }

  private static int priceColumn(Csv csv) {
    for (int i = 0; i < csv.header().size(); i++) {
      if (csv.header().get(i).startsWith("Price")) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "%s: no 'Price (<CUR>/MWh)' column (columns: %s)".formatted(csv.source(), csv.header()));
  }

  private static Instant instant(Csv csv, int row, int column, ZoneId naiveZone) {
    String text = csv.text(row, column);
    try {
      if (text.length() > 19) {
        return OffsetDateTime.parse(text, OFFSET).toInstant();
      }
      return LocalDateTime.parse(text, NAIVE).atZone(naiveZone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "%s line %s: Datetime must be 'yyyy-MM-dd HH:mm:ss[+hh:mm]', got '%s'"
              .formatted(csv.source(), csv.line(row), text));
    }
  }

  private static Path find(Path dir, String zone) {
    String prefix = zone + "_electricity_prices_";
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith(prefix))
          .filter(p -> p.getFileName().toString().endsWith(".csv"))
          .sorted()
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "no price file %s<YEAR>.csv for zone %s in %s".formatted(prefix, zone, dir)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
