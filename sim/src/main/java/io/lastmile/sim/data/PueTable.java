package io.lastmile.sim.data;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Data-centre PUE by source key: {@code azure:<geography>} from {@code azure_pue_by_geography.csv}
 * ({@code geography,pue}), {@code google:<campus>} from {@code google_pue_by_campus.csv} ({@code
 * campus,quarterly_pue,ttm_pue}; the trailing-twelve-month value, else the quarterly one) and
 * {@code global:<provider>} from {@code provider_global_average_pue.csv} ({@code
 * provider,global_average_pue}).
 */
public final class PueTable {
  private final Map<String, Double> byKey;

  private PueTable(Map<String, Double> byKey) {
    this.byKey = byKey;
  }

  public static PueTable of(Csv azure, Csv google, Csv global) {
    Map<String, Double> m = new HashMap<>();
    for (int r = 0; r < azure.size(); r++) {
      m.put("azure:" + azure.text(r, azure.column("geography")), azure.number(r, 1));
    }
    int ttm = google.column("ttm_pue");
    int quarterly = google.column("quarterly_pue");
    for (int r = 0; r < google.size(); r++) {
      int c = google.text(r, ttm).isEmpty() ? quarterly : ttm;
      m.put("google:" + google.text(r, google.column("campus")), google.number(r, c));
    }
    int avg = global.column("global_average_pue");
    for (int r = 0; r < global.size(); r++) {
      m.put("global:" + global.text(r, global.column("provider")), global.number(r, avg));
    }
    return new PueTable(m);
  }

  public double pue(String key) {
    Double v = byKey.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "pue_source '%s' is not in the PUE tables (known: %s)"
              .formatted(key, new TreeSet<>(byKey.keySet())));
    }
    if (!(v >= 1)) {
      throw new IllegalArgumentException("PUE of %s must be >= 1, got %s".formatted(key, v));
    }
    return v;
  }
}
