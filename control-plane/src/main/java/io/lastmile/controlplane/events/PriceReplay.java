package io.lastmile.controlplane.events;

import io.lastmile.controlplane.energy.PriceMessages;
import io.lastmile.controlplane.energy.PricePoint;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Sends a price series as channel messages at a chosen speed: at {@code 3600} one hour of prices
 * takes one second; {@code 0} sends as fast as the receiver takes them. Prints progress about every
 * tenth of the series.
 */
public final class PriceReplay {
  private final double speed;
  private final PrintStream progress;

  public PriceReplay(double speed, PrintStream progress) {
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be 0 (no pauses) or more, got " + speed);
    }
    this.speed = speed;
    this.progress = progress;
  }

  /** Sends every point in order through {@code send}; returns how many were sent. */
  public int replay(List<PricePoint> points, Consumer<String> send) throws InterruptedException {
    return replay(points, (point, json) -> send.accept(json));
  }

  /**
   * Sends every point in order through {@code send}, which also gets the point (for a record key);
   * returns how many were sent.
   */
  public int replay(List<PricePoint> points, BiConsumer<PricePoint, String> send)
      throws InterruptedException {
    int step = Math.max(1, points.size() / 10);
    for (int i = 0; i < points.size(); i++) {
      if (i > 0 && speed > 0) {
        Duration gap = Duration.between(points.get(i - 1).hourStart(), points.get(i).hourStart());
        long ms = (long) (Math.max(0, gap.toMillis()) / speed);
        if (ms > 0) {
          Thread.sleep(ms);
        }
      }
      send.accept(points.get(i), PriceMessages.format(points.get(i)));
      if ((i + 1) % step == 0 || i + 1 == points.size()) {
        PricePoint p = points.get(i);
        progress.printf(
            "replayed %d/%d prices, at %s %s%n", i + 1, points.size(), p.zone(), p.hourStart());
      }
    }
    return points.size();
  }
}
