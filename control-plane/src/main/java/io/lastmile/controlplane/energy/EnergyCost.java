package io.lastmile.controlplane.energy;

/**
 * What energy costs at a site: IT energy times the site's PUE times the price. The one place of
 * that formula and of its PUE rule, for the prediction (scorer, deferral, the wait for a cheap GPU,
 * the simulator) and the bill alike.
 */
public final class EnergyCost {
  private static final double WH_PER_MWH = 1_000_000;

  private EnergyCost() {}

  /**
   * Energy drawn at the site for {@code itEnergyWh} drawn by the GPUs: a PUE below 1 (unknown or
   * mistyped) counts as 1.
   */
  public static double siteWh(double itEnergyWh, double pue) {
    return itEnergyWh * Math.max(1.0, pue);
  }

  /**
   * @param siteWh energy at the site, PUE included ({@link #siteWh})
   * @param pricePerMwh price of electricity per MWh; NaN when unknown
   * @return cost in the price's currency; NaN when the price is unknown
   */
  public static double ofSiteWh(double siteWh, double pricePerMwh) {
    return siteWh / WH_PER_MWH * pricePerMwh;
  }

  /**
   * @param itEnergyWh energy the GPUs drew, in watt-hours
   * @param pue site power usage effectiveness, at least 1
   * @param pricePerMwh price of electricity per MWh; NaN when unknown
   * @return cost in the price's currency; NaN when the price is unknown
   */
  public static double of(double itEnergyWh, double pue, double pricePerMwh) {
    return ofSiteWh(siteWh(itEnergyWh, pue), pricePerMwh);
  }
}
