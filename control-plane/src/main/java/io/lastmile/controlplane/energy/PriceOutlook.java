package io.lastmile.controlplane.energy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The prices of a zone's next hours, as operators look at them. */
public final class PriceOutlook {
  private PriceOutlook() {}

  /** One hour's price, in the book's currency per MWh. */
  public record Hour(Instant start, double pricePerMwh) {}

  /**
   * The hour containing {@code now} and the {@code hours - 1} after it; hours before the zone's
   * first price are left out.
   */
  public static List<Hour> of(PriceBook book, String zone, Instant now, int hours) {
    Instant first = now.truncatedTo(ChronoUnit.HOURS);
    List<Hour> out = new ArrayList<>(hours);
    for (int h = 0; h < hours; h++) {
      Instant start = first.plus(Duration.ofHours(h));
      double price = book.pricePerMwh(zone, start);
      if (Double.isFinite(price)) {
        out.add(new Hour(start, price));
      }
    }
    return out;
  }
}
