package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.cluster.NodeOperations;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PriceOutlook;
import io.lastmile.controlplane.energy.Region;
import io.lastmile.controlplane.energy.Topology;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Regions with their nodes, free GPUs, power draw and electricity prices. */
@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionResource {
  private static final int MAX_FORECAST_HOURS = 48;

  @Inject Topology topology;
  @Inject NodeOperations nodes;
  @Inject MarketPrices prices;
  @Inject Clock clock;

  /**
   * Every region of the topology, sorted by name; with {@code ?withNodes=true} (default false) only
   * those that have nodes.
   *
   * @param forecastHours hours of price forecast per region, current hour first (0 to 48)
   */
  @GET
  public List<RegionView> list(
      @DefaultValue("false") @QueryParam("withNodes") boolean withNodes,
      @DefaultValue("6") @QueryParam("forecastHours") int forecastHours) {
    if (forecastHours < 0 || forecastHours > MAX_FORECAST_HOURS) {
      throw new io.lastmile.controlplane.domain.InvalidFieldException(
          "forecastHours", forecastHours, "must be between 0 and 48");
    }
    Map<String, List<NodeView>> byRegion =
        nodes.list("").stream()
            .map(RestViews::node)
            .collect(Collectors.groupingBy(NodeView::region));
    PriceBook book = prices.book();
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    List<RegionView> out = new ArrayList<>();
    for (Region r : topology.regions().values()) {
      List<NodeView> members = byRegion.getOrDefault(r.name(), List.of());
      if (withNodes && members.isEmpty()) {
        continue;
      }
      out.add(view(r, members, book, hour, forecastHours));
    }
    out.sort(Comparator.comparing(RegionView::name));
    return out;
  }

  private static RegionView view(
      Region r, List<NodeView> members, PriceBook book, Instant hour, int hours) {
    List<RegionView.HourPrice> forecast =
        PriceOutlook.of(book, r.marketZone(), hour, hours).stream()
            .map(h -> new RegionView.HourPrice(h.start().toString(), h.pricePerMwh()))
            .toList();
    double now = book.pricePerMwh(r.marketZone(), hour);
    return new RegionView(
        r.name(),
        r.city(),
        r.jurisdiction(),
        r.marketZone(),
        members.stream().mapToInt(NodeView::gpuTotal).sum(),
        members.stream().mapToInt(NodeView::gpuFree).sum(),
        members.stream().mapToDouble(NodeView::powerDrawW).sum(),
        Double.isFinite(now) ? now : null,
        book.currency(),
        forecast,
        members);
  }
}
