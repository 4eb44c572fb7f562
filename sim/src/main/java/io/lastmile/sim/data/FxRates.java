package io.lastmile.sim.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Exchange rates to US dollars: columns {@code currency,usd_per_unit} (greendcc's {@code
 * fx_rates_to_usd_used_by_greendcc.csv}; further columns are ignored).
 */
public final class FxRates {
  private FxRates() {}

  /** US dollars per unit of each currency. */
  public static Map<String, Double> usdPerUnit(Csv csv) {
    int currency = csv.column("currency");
    int rate = csv.column("usd_per_unit");
    Map<String, Double> out = new HashMap<>();
    for (int r = 0; r < csv.size(); r++) {
      double v = csv.number(r, rate);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            "%s line %s: usd_per_unit must be > 0, got %s".formatted(csv.source(), csv.line(r), v));
      }
      out.put(csv.text(r, currency), v);
    }
    return Map.copyOf(out);
  }
}
