package io.lastmile.controlplane.api;

import io.grpc.stub.StreamObserver;
import io.lastmile.api.v1.HourlyPrice;
import io.lastmile.api.v1.ListPricesRequest;
import io.lastmile.api.v1.ListPricesResponse;
import io.lastmile.api.v1.PriceServiceGrpc;
import io.lastmile.api.v1.RegionPrices;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.energy.MarketPrices;
import io.lastmile.controlplane.energy.PriceBook;
import io.lastmile.controlplane.energy.PriceOutlook;
import io.lastmile.controlplane.energy.Region;
import io.lastmile.controlplane.energy.Topology;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** gRPC adapter for {@code lastmile.v1.PriceService}: the price book per region. */
@GrpcService
@Blocking
public class PriceGrpcService extends PriceServiceGrpc.PriceServiceImplBase {
  private static final int DEFAULT_HOURS = 6;
  private static final int MAX_HOURS = 48;

  @Inject Topology topology;
  @Inject MarketPrices prices;
  @Inject Clock clock;

  @Override
  public void listPrices(ListPricesRequest request, StreamObserver<ListPricesResponse> out) {
    ListPricesResponse response;
    try {
      response = list(request);
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e, "ListPrices"));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  private ListPricesResponse list(ListPricesRequest request) {
    int hours = request.getHours() == 0 ? DEFAULT_HOURS : request.getHours();
    if (hours < 1 || hours > MAX_HOURS) {
      throw new InvalidFieldException("hours", request.getHours(), "must be between 1 and 48");
    }
    List<Region> regions =
        topology.regions().values().stream()
            .filter(r -> request.getRegion().isEmpty() || r.name().equals(request.getRegion()))
            .sorted(Comparator.comparing(Region::name))
            .toList();
    if (regions.isEmpty() && !request.getRegion().isEmpty()) {
      throw new NotFoundException("region", request.getRegion());
    }
    PriceBook book = prices.book();
    Instant now = clock.instant();
    ListPricesResponse.Builder b = ListPricesResponse.newBuilder();
    for (Region r : regions) {
      RegionPrices.Builder rb =
          RegionPrices.newBuilder()
              .setRegion(r.name())
              .setMarketZone(r.marketZone())
              .setCurrency(book.currency());
      for (PriceOutlook.Hour h : PriceOutlook.of(book, r.marketZone(), now, hours)) {
        rb.addHours(
            HourlyPrice.newBuilder()
                .setHourStart(ProtoMapper.timestamp(h.start()))
                .setPricePerMwh(h.pricePerMwh()));
      }
      b.addRegions(rb);
    }
    return b.build();
  }
}
