package io.lastmile.sim;

/**
 * One edge site: its electricity market zone, the region its round trips are measured from (an
 * Azure region, which is also its Lastmile region), and its PUE.
 */
public record Site(String zone, String region, double pue) {

  public Site {
    if (!(pue >= 1)) {
      throw new IllegalArgumentException(
          "PUE of site %s must be >= 1, got %s".formatted(zone, pue));
    }
  }
}
