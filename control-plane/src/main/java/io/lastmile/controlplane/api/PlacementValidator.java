package io.lastmile.controlplane.api;

import io.lastmile.api.v1.Placement;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.PlacementConstraints;
import io.lastmile.controlplane.energy.LatencyMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Where a job may run: its origin and round-trip bound, jurisdictions and node labels. */
final class PlacementValidator {
  private static final Pattern JURISDICTION = Pattern.compile("[A-Z0-9-]{2,16}");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._/-]{1,63}");
  private static final java.time.Duration MAX_RTT = java.time.Duration.ofMinutes(1);

  private final LatencyMap latency;

  /**
   * @param latency the regions an origin may name
   */
  PlacementValidator(LatencyMap latency) {
    this.latency = latency;
  }

  PlacementConstraints placement(Placement p) {
    String origin = p.getOriginRegion();
    if (!origin.isEmpty() && !latency.knows(origin)) {
      throw new InvalidFieldException(
          "spec.placement.origin_region",
          origin,
          "is not a known region (known: %s)"
              .formatted(String.join(", ", latency.regions().stream().sorted().toList())));
    }
    double maxRttMs = 0;
    if (p.hasMaxRtt()) {
      maxRttMs =
          ProtoTimes.duration("spec.placement.max_rtt", p.getMaxRtt(), MAX_RTT).toNanos() / 1e6;
      if (maxRttMs > 0 && origin.isEmpty()) {
        throw new InvalidFieldException(
            "spec.placement.origin_region", origin, "is required when max_rtt is set");
      }
    }
    Set<String> jurisdictions = new LinkedHashSet<>();
    for (String j : p.getAllowedJurisdictionsList()) {
      if (!JURISDICTION.matcher(j).matches()) {
        throw new InvalidFieldException(
            "spec.placement.allowed_jurisdictions",
            j,
            "entries must be 2 to 16 upper-case letters, digits or '-', for example DE");
      }
      jurisdictions.add(j);
    }
    for (Map.Entry<String, String> e : p.getLabelSelectorMap().entrySet()) {
      if (!LABEL.matcher(e.getKey()).matches() || e.getValue().length() > 63) {
        throw new InvalidFieldException(
            "spec.placement.label_selector",
            e.getKey() + "=" + e.getValue(),
            "keys must be 1 to 63 characters of [A-Za-z0-9._/-], values at most 63");
      }
      InvalidFieldException.requirePrintable(
          "spec.placement.label_selector[" + e.getKey() + "]", e.getValue());
    }
    return new PlacementConstraints(origin, maxRttMs, jurisdictions, p.getLabelSelectorMap());
  }
}
