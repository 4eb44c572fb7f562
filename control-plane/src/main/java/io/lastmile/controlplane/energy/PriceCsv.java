package io.lastmile.controlplane.energy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an hourly price series for replay. Two formats, told apart by the header:
 *
 * <ul>
 *   <li>the {@code prices.csv} format of {@link PriceFiles} ({@code zone,hour_start,...});
 *   <li>the one-zone format of the GreenDCC price archive: header {@code Datetime,Price
 *       (<CUR>/MWh)}, then {@code 2023-01-01 00:00:00,118.5} per hour, local time without an offset
 *       (taken at {@code offset}) or with one ({@code 2023-01-01 00:00:00-06:00}). The zone name is
 *       given by the caller, for example from the file name.
 * </ul>
 *
 * Points keep the file's order, so a repeated hour replays as a correction of the earlier one.
 */
public final class PriceCsv {
  private static final Pattern HEADER = Pattern.compile("Datetime,Price \\(([A-Z]{3})/MWh\\)");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter WITH_OFFSET =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssXXX");

  private PriceCsv() {}

  /** Every hourly point of {@code file}, in file order. */
  public static List<PricePoint> read(Path file, String zone, ZoneOffset offset, boolean forecast) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    String header = lines.isEmpty() ? "" : lines.get(0).strip();
    if (header.startsWith("zone,")) {
      return PriceFiles.series(lines, file.toString());
    }
    Matcher m = HEADER.matcher(header);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "%s: header '%s' is neither 'zone,hour_start,price_per_mwh,currency,kind' nor 'Datetime,Price (<CUR>/MWh)'"
              .formatted(file, header));
    }
    String currency = m.group(1);
    List<PricePoint> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      String[] cells = text.split(",", -1);
      if (cells.length != 2) {
        throw error(file, i + 1, "expected 2 columns, found " + cells.length);
      }
      Instant at = instant(file, i + 1, cells[0].strip(), offset);
      double price;
      try {
        price = Double.parseDouble(cells[1].strip());
      } catch (NumberFormatException e) {
        throw error(file, i + 1, "price '%s' is not a number".formatted(cells[1]));
      }
      try {
        out.add(new PricePoint(zone, at, price, currency, forecast));
      } catch (IllegalArgumentException e) {
        throw error(file, i + 1, e.getMessage());
      }
    }
    return out;
  }

  private static Instant instant(Path file, int line, String text, ZoneOffset offset) {
    try {
      return text.length() > 19
          ? OffsetDateTime.parse(text, WITH_OFFSET).toInstant()
          : LocalDateTime.parse(text, LOCAL).toInstant(offset);
    } catch (DateTimeParseException e) {
      throw error(
          file,
          line,
          "Datetime '%s' must look like 2023-01-01 13:00:00 or 2023-01-01 13:00:00-06:00"
              .formatted(text));
    }
  }

  private static IllegalArgumentException error(Path file, int line, String what) {
    return new IllegalArgumentException("%s line %d: %s".formatted(file, line, what));
  }
}
