package io.lastmile.controlplane.energy;

/** What energy costs at a site: IT energy times the site's PUE times the price of the hour. */
public final class EnergyCost {
  private static final double WH_PER_MWH = 1_000_000;

  private EnergyCost() {}

  /**
   * @param itEnergyWh energy the GPUs drew, in watt-hours
   * @param pue site power usage effectiveness, at least 1
   * @param pricePerMwh price of electricity per MWh; NaN when unknown
   * @return cost in the price's currency; NaN when the price is unknown
   */
  public static double of(double itEnergyWh, double pue, double pricePerMwh) {
    return itEnergyWh * Math.max(1.0, pue) / WH_PER_MWH * pricePerMwh;
  }
}
