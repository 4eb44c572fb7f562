package io.lastmile.sim.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each price zone's site is: columns {@code zone,azure_region,pue_source,currency,timezone}.
 *
 * <ul>
 *   <li>{@code zone}: the market zone (greendcc file prefix such as {@code DE-LU}, or a JEPX area
 *       column such as {@code tokyo})
 *   <li>{@code azure_region}: the Azure region whose round trips stand for the site's (a row or
 *       column name of the RTT matrix); it is also the site's Lastmile region
 *   <li>{@code pue_source}: {@code azure:<geography>}, {@code google:<campus>} or {@code
 *       global:<provider>} in the PUE tables
 *   <li>{@code currency}: ISO code of the zone's prices (overrides a file header that is wrong)
 *   <li>{@code timezone}: how naive timestamps of the zone's file are read (an IANA zone id, or a
 *       fixed offset such as {@code +10:00}); timestamps with an offset keep theirs
 * </ul>
 */
public record SiteTable(List<Row> rows) {

  /** One site. */
  public record Row(
      String zone, String azureRegion, String pueSource, String currency, String timezone) {}

  public SiteTable {
    rows = List.copyOf(rows);
  }

  public static SiteTable of(Csv csv) {
    int zone = csv.column("zone");
    int region = csv.column("azure_region");
    int pue = csv.column("pue_source");
    int currency = csv.column("currency");
    int tz = csv.column("timezone");
    List<Row> out = new ArrayList<>();
    for (int r = 0; r < csv.size(); r++) {
      Row row =
          new Row(
              csv.text(r, zone),
              csv.text(r, region),
              csv.text(r, pue),
              csv.text(r, currency),
              csv.text(r, tz));
      if (row.zone().isEmpty() || row.azureRegion().isEmpty() || row.currency().isEmpty()) {
        throw new IllegalArgumentException(
            "%s line %s: zone, azure_region and currency must not be empty"
                .formatted(csv.source(), csv.line(r)));
      }
      out.add(row);
    }
    return new SiteTable(out);
  }

  public List<String> zones() {
    return rows.stream().map(Row::zone).toList();
  }
}
