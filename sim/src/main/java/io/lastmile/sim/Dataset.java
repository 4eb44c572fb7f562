package io.lastmile.sim;

import io.lastmile.sim.data.Csv;
import io.lastmile.sim.data.FxRates;
import io.lastmile.sim.data.GreenDccPrices;
import io.lastmile.sim.data.HourlyPrices;
import io.lastmile.sim.data.JepxPrices;
import io.lastmile.sim.data.PueTable;
import io.lastmile.sim.data.SiteTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A price dataset with its sites: {@code greendcc} (nine zones in four currencies, reported in US
 * dollars through greendcc's exchange-rate table) or {@code jepx} (seven Japanese areas, in yen).
 *
 * @param currency the report's currency
 * @param ratesToBase units of {@code currency} per unit of each price currency
 */
public record Dataset(
    String name,
    SiteTable siteTable,
    List<Site> sites,
    HourlyPrices prices,
    String currency,
    Map<String, Double> ratesToBase) {

  static final String GREENDCC_DIR = "electricity_price_multiregion_hourly_greendcc";
  static final String JEPX_FILE =
      "electricity_price_jepx_japan_9areas/jepx_spot_area_prices_2023.csv";
  static final String PUE_DIR = "datacenter_pue_cloud_providers";

  public static Dataset load(String name, Path data, Path sitesFile) {
    SiteTable table = SiteTable.of(sitesFile == null ? bundled(name) : Csv.read(sitesFile));
    PueTable pue =
        PueTable.of(
            Csv.read(data.resolve(PUE_DIR).resolve("azure_pue_by_geography.csv")),
            Csv.read(data.resolve(PUE_DIR).resolve("google_pue_by_campus.csv")),
            Csv.read(data.resolve(PUE_DIR).resolve("provider_global_average_pue.csv")));
    List<Site> sites =
        table.rows().stream()
            .map(r -> new Site(r.zone(), r.azureRegion(), pue.pue(r.pueSource())))
            .toList();
    return switch (name) {
      case "greendcc" -> {
        Path dir = data.resolve(GREENDCC_DIR);
        Map<String, Double> usd =
            FxRates.usdPerUnit(Csv.read(dir.resolve("fx_rates_to_usd_used_by_greendcc.csv")));
        yield new Dataset(name, table, sites, GreenDccPrices.read(dir, table), "USD", usd);
      }
      case "jepx" ->
          new Dataset(
              name,
              table,
              sites,
              JepxPrices.read(data.resolve(JEPX_FILE), table),
              "JPY",
              Map.of("JPY", 1.0));
      default ->
          throw new IllegalArgumentException(
              "--dataset must be greendcc or jepx, got '%s'".formatted(name));
    };
  }

  /** The bundled site table of a dataset ({@code sites/<name>.csv} on the class path). */
  static Csv bundled(String name) {
    String resource = "sites/" + name + ".csv";
    try (InputStream in = Dataset.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "--dataset must be greendcc or jepx, got '%s'".formatted(name));
      }
      return Csv.parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Mean settled price of each site's zone over the hours in {@code [from, to)}. */
  public Map<String, Double> meanPrices(Instant from, Instant to) {
    Map<String, Double> out = new HashMap<>();
    for (Site s : sites) {
      var hours = prices.hours(s.zone()).subMap(from, true, to, false);
      double rate = ratesToBase.getOrDefault(prices.currency(s.zone()), Double.NaN);
      out.put(
          s.zone(),
          hours.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)
              * rate);
    }
    return out;
  }
}
