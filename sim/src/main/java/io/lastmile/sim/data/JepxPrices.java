package io.lastmile.sim.data;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Reads JEPX spot area prices: {@code jepx_spot_area_prices_<YEAR>.csv} with columns {@code
 * date_jst,period,interval_start_jst,system_price,<area>...}, one row per 30-minute delivery
 * interval, prices in JPY/kWh. Each site's zone names an area column. An hour's price is the mean
 * of its intervals, in JPY/MWh.
 */
public final class JepxPrices {
  private static final double KWH_PER_MWH = 1000;

  private JepxPrices() {}

  public static HourlyPrices read(Path file, SiteTable sites) {
    return hours(Csv.read(file), sites);
  }

  public static HourlyPrices hours(Csv csv, SiteTable sites) {
    int start = csv.column("interval_start_jst");
    Map<String, NavigableMap<Instant, Double>> byZone = new HashMap<>();
    Map<String, String> currency = new HashMap<>();
    for (SiteTable.Row site : sites.rows()) {
      int column = csv.column(site.zone());
      NavigableMap<Instant, double[]> sums = new TreeMap<>();
      for (int r = 0; r < csv.size(); r++) {
        Instant hour = instant(csv, r, start).truncatedTo(ChronoUnit.HOURS);
        double[] s = sums.computeIfAbsent(hour, h -> new double[2]);
        s[0] += csv.number(r, column);
        s[1]++;
      }
      NavigableMap<Instant, Double> hours = new TreeMap<>();
      sums.forEach((h, s) -> hours.put(h, s[0] / s[1] * KWH_PER_MWH));
      byZone.put(site.zone(), hours);
      currency.put(site.zone(), site.currency());
    }
    return new HourlyPrices(byZone, currency);
  }

  private static Instant instant(Csv csv, int row, int column) {
    String text = csv.text(row, column);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "%s line %s: interval_start_jst must be ISO-8601 with an offset, got '%s'"
              .formatted(csv.source(), csv.line(row), text));
    }
  }
}
