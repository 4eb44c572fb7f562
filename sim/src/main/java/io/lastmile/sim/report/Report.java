package io.lastmile.sim.report;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.sim.Site;
import io.lastmile.sim.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown report of one evaluation: setup, the policies' figures side by side, the offline
 * bounds, and links to the plots.
 */
public final class Report {
  private final StringBuilder md = new StringBuilder();

  public Report(String title) {
    md.append("# ").append(title).append("\n\n");
  }

  public Report paragraph(String text) {
    md.append(text).append("\n\n");
    return this;
  }

  public Report heading(String text) {
    md.append("## ").append(text).append("\n\n");
    return this;
  }

  public Report code(String text) {
    md.append("```\n").append(text).append("\n```\n\n");
    return this;
  }

  public Report image(String alt, String file) {
    md.append("![").append(alt).append("](").append(file).append(")\n\n");
    return this;
  }

  public Report sites(List<Site> sites, Map<String, Double> meanPrice, String currency) {
    md.append("| site (market zone) | region (round trips) | PUE | mean price, ")
        .append(currency)
        .append("/MWh |\n|---|---|---:|---:|\n");
    for (Site s : sites) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %.2f |%n",
              s.zone(),
              s.region(),
              s.pue(),
              meanPrice.get(s.zone())));
    }
    md.append('\n');
    return this;
  }

  /** The comparison table; costs relative to {@code reference} (the nearest-region policy). */
  public Report results(List<Summary> runs, Summary reference, String currency) {
    md.append("| policy | energy cost, ")
        .append(currency)
        .append(
            " | vs nearest | energy, kWh | latency bound met | round trip p50 / p95, ms |"
                + " deferral mean / p95, min | interactive wait p95, s | preemptions |"
                + " not finished |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Summary s : runs) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.2f | %s | %,.1f | %.2f%% | %.0f / %.0f | %.0f / %.0f | %.1f | %,d | %,d |%n",
              s.policy(),
              s.cost(),
              change(s.cost(), reference.cost()),
              s.siteKwh(),
              s.attainment() * 100,
              s.rttP50Ms(),
              s.rttP95Ms(),
              s.deferralMeanMin(),
              s.deferralP95Min(),
              s.interactiveWaitP95S(),
              s.preemptions(),
              s.unfinished()));
    }
    md.append('\n');
    return this;
  }

  /** Cost of each job class per policy, for seeing where a saving comes from. */
  public Report costByClass(List<Summary> runs, String currency) {
    md.append("| policy | latency-critical | deferrable | interruptible |\n")
        .append("|---|---:|---:|---:|\n");
    for (Summary s : runs) {
      double[] c = s.costByClass();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.2f | %,.2f | %,.2f |%n",
              s.policy(),
              c[JobClass.LATENCY_CRITICAL.ordinal()],
              c[JobClass.DEFERRABLE.ordinal()],
              c[JobClass.INTERRUPTIBLE.ordinal()]));
    }
    md.append("\nCosts in ").append(currency).append(", by job class.\n\n");
    return this;
  }

  /** "12.2% lower" or "3.0% higher", relative to {@code reference}. */
  public static String lowerOrHigher(double value, double reference) {
    double pct = (reference - value) / Math.abs(reference) * 100;
    return String.format(Locale.ROOT, "%.1f%% %s", Math.abs(pct), pct >= 0 ? "lower" : "higher");
  }

  public static String change(double value, double reference) {
    if (reference == 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%+.1f%%", (value - reference) / Math.abs(reference) * 100);
  }

  /** Bars of placements per site, one series per policy. */
  public static String placementsChart(List<Site> sites, List<Summary> runs) {
    List<SvgChart.Series> series = new ArrayList<>();
    for (Summary s : runs) {
      double[] v = new double[sites.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = s.placementsBySite()[i];
      }
      series.add(new SvgChart.Series(s.policy(), v));
    }
    return SvgChart.bars(
        "Jobs per site (last run)", "jobs", sites.stream().map(Site::zone).toList(), series);
  }

  @Override
  public String toString() {
    return md.toString();
  }
}
