package io.lastmile.controlplane.store;

import io.lastmile.controlplane.energy.PricePoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Accepted prices in {@code price_points}, one row per region, zone, hour and kind, so a restarted
 * control plane starts from the prices it last knew rather than from the files alone.
 */
public final class PricePointStore {
  private final Database db;
  private final String region;
  private final Clock clock;

  public PricePointStore(Database db, String region, Clock clock) {
    this.db = db;
    this.region = region;
    this.clock = clock;
  }

  /** Stores {@code points} (already in the book's currency), replacing the same hour and kind. */
  public void save(Collection<PricePoint> points) {
    if (points.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    db.inTransaction(
        c -> {
          try (PreparedStatement del =
                  c.prepareStatement(
                      "DELETE FROM price_points WHERE region = ? AND market_zone = ?"
                          + " AND starts_at = ? AND kind = ?");
              PreparedStatement ins =
                  c.prepareStatement(
                      "INSERT INTO price_points (region, market_zone, starts_at, kind,"
                          + " price_per_mwh, currency, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (PricePoint p : points) {
              String kind = p.forecast() ? "FORECAST" : "ACTUAL";
              Instant at = p.hourStart();
              del.setString(1, region);
              del.setString(2, p.zone());
              Times.set(del, 3, at);
              del.setString(4, kind);
              del.addBatch();
              ins.setString(1, region);
              ins.setString(2, p.zone());
              Times.set(ins, 3, at);
              ins.setString(4, kind);
              ins.setDouble(5, p.pricePerMwh());
              ins.setString(6, p.currency());
              Times.set(ins, 7, now);
              ins.addBatch();
            }
            del.executeBatch();
            ins.executeBatch();
          }
          return null;
        });
  }

  /** Every stored point of this region, oldest received first. */
  public List<PricePoint> load() {
    return db.inTransaction(
        c -> {
          List<PricePoint> out = new ArrayList<>();
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT market_zone, starts_at, kind, price_per_mwh, currency FROM price_points"
                      + " WHERE region = ? ORDER BY received_at, starts_at")) {
            q.setString(1, region);
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new PricePoint(
                        rs.getString(1),
                        Times.get(rs, 2),
                        rs.getDouble(4),
                        rs.getString(5),
                        rs.getString(3).equals("FORECAST")));
              }
            }
          }
          return out;
        });
  }
}
