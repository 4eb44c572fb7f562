package io.lastmile.sim.data;

import io.lastmile.controlplane.energy.PricePoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Settled hourly prices per market zone, each zone in its own currency, as read from a price
 * dataset: the simulator's ground truth for what electricity cost.
 */
public final class HourlyPrices {
  private final Map<String, NavigableMap<Instant, Double>> byZone;
  private final Map<String, String> currencyOf;

  public HourlyPrices(
      Map<String, NavigableMap<Instant, Double>> byZone, Map<String, String> currencyOf) {
    this.byZone = Map.copyOf(byZone);
    this.currencyOf = Map.copyOf(currencyOf);
  }

  public Set<String> zones() {
    return byZone.keySet();
  }

  public String currency(String zone) {
    return currencyOf.get(zone);
  }

  public NavigableMap<Instant, Double> hours(String zone) {
    return Collections.unmodifiableNavigableMap(byZone.getOrDefault(zone, new TreeMap<>()));
  }

  /** Points of every zone with an hour in {@code [from, to)}, as settled prices. */
  public List<PricePoint> points(Instant from, Instant to) {
    List<PricePoint> out = new ArrayList<>();
    byZone.forEach(
        (zone, hours) ->
            hours
                .subMap(from, true, to, false)
                .forEach((h, p) -> out.add(PricePoint.actual(zone, h, p, currencyOf.get(zone)))));
    return out;
  }
}
