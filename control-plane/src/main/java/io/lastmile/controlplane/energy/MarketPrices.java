package io.lastmile.controlplane.energy;

import java.util.Collection;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The current price book, replaced atomically as prices arrive, with listeners (the scheduling loop
 * reconsiders deferred jobs when prices move).
 */
public final class MarketPrices {
  private final AtomicReference<PriceBook> book;
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();

  public MarketPrices(PriceBook initial) {
    this.book = new AtomicReference<>(initial);
  }

  public PriceBook book() {
    return book.get();
  }

  /** Adds or replaces points; a settled price replaces a forecast of the same hour. */
  public void update(Collection<PricePoint> points) {
    book.updateAndGet(b -> b.with(points));
    listeners.forEach(Runnable::run);
  }

  public void onChange(Runnable listener) {
    listeners.add(listener);
  }
}
