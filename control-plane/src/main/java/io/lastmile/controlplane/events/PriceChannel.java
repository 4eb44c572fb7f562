package io.lastmile.controlplane.events;

import io.lastmile.controlplane.energy.InvalidPriceException;
import io.lastmile.controlplane.energy.PriceIntake;
import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.energy.PricePoint;
import io.lastmile.controlplane.metrics.LastmileMeters;
import io.lastmile.controlplane.store.PricePointStore;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * The {@code power-prices} channel: each message is validated and applied to the price book by
 * {@link PriceIntake}; accepted points are stored so a restart keeps them. A refused message goes
 * to {@code power-prices-dlq} with its reason and the stream goes on.
 */
@ApplicationScoped
public class PriceChannel {
  private static final Logger LOG = Logger.getLogger(PriceChannel.class);

  @Inject PriceIntake intake;
  @Inject PricePointStore store;
  @Inject LastmileMeters metrics;

  @Inject
  @Channel("power-prices-dlq")
  Emitter<String> deadLetters;

  @Incoming("power-prices")
  @Blocking(ordered = true)
  public void receive(String json) {
    try {
      List<PricePoint> points = PriceMessages.parse(json);
      PriceIntake.Result result = intake.apply(points);
      store.save(result.accepted());
      result.counts().forEach(metrics::pricesReceived);
    } catch (InvalidPriceException e) {
      metrics.priceRejected(e.reason());
      LOG.warnf("price message refused (%s): %s", e.reason(), e.getMessage());
      deadLetters.send(DeadLetter.json(e.reason().name(), e.getMessage(), json));
    }
  }
}
