package io.lastmile.sim.report;

import java.util.List;
import java.util.Locale;

/**
 * Minimal SVG charts for the reports: a line chart of several series and a grouped bar chart, with
 * axes, ticks and a legend; no scripts, no external fonts.
 */
public final class SvgChart {
  private static final String[] COLOURS = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"
  };
  private static final int WIDTH = 860;
  private static final int HEIGHT = 420;
  private static final int LEFT = 80;
  private static final int RIGHT = 160;
  private static final int TOP = 40;
  private static final int BOTTOM = 75;

  /** One named series of values, one per x position. */
  public record Series(String name, double[] values) {}

  private SvgChart() {}

  public static String lines(String title, String xLabel, String yLabel, List<Series> series) {
    int points = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    double max = 0;
    double min = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
    max = nice(max);
    min = min < 0 ? -nice(-min) : 0;
    StringBuilder svg = frame(title, xLabel, yLabel, min, max);
    for (int i = 0; i < points; i += Math.max(1, points / 10)) {
      double x = x(i, points);
      svg.append(text(x, HEIGHT - BOTTOM + 18, Integer.toString(i + 1), "middle"));
    }
    for (int s = 0; s < series.size(); s++) {
      StringBuilder path = new StringBuilder();
      double[] v = series.get(s).values();
      for (int i = 0; i < v.length; i++) {
        path.append(i == 0 ? "M" : " L")
            .append(fmt(x(i, points)))
            .append(',')
            .append(fmt(y(v[i], min, max)));
      }
      svg.append(
          "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>\n"
              .formatted(path, COLOURS[s % COLOURS.length]));
    }
    return legend(svg, series.stream().map(Series::name).toList()).append("</svg>\n").toString();
  }

  /** Bars grouped by category: one bar per series in each of {@code categories}. */
  public static String bars(
      String title, String yLabel, List<String> categories, List<Series> series) {
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        max = Math.max(max, v);
      }
    }
    max = nice(max);
    StringBuilder svg = frame(title, "", yLabel, 0, max);
    double group = (WIDTH - LEFT - RIGHT) / (double) categories.size();
    double bar = group * 0.8 / series.size();
    for (int c = 0; c < categories.size(); c++) {
      double gx = LEFT + c * group + group * 0.1;
      double lx = gx + group * 0.4;
      double ly = HEIGHT - BOTTOM + 14;
      svg.append(
          "<text x=\"%s\" y=\"%s\" text-anchor=\"end\" transform=\"rotate(-25 %s %s)\">%s</text>\n"
              .formatted(fmt(lx), fmt(ly), fmt(lx), fmt(ly), escape(categories.get(c))));
      for (int s = 0; s < series.size(); s++) {
        double v = series.get(s).values()[c];
        double top = y(v, 0, max);
        svg.append(
            "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"%s\"/>\n"
                .formatted(
                    fmt(gx + s * bar),
                    fmt(top),
                    fmt(Math.max(1, bar - 1)),
                    fmt(HEIGHT - BOTTOM - top),
                    COLOURS[s % COLOURS.length]));
      }
    }
    return legend(svg, series.stream().map(Series::name).toList()).append("</svg>\n").toString();
  }

  private static StringBuilder frame(
      String title, String xLabel, String yLabel, double min, double max) {
    StringBuilder svg = new StringBuilder();
    svg.append(
        ("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">\n")
            .formatted(WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    svg.append(
        text(WIDTH / 2.0, 22, escape(title), "middle").replace("<text", "<text font-size=\"15\""));
    svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 18, escape(xLabel), "middle"));
    svg.append(
        "<text x=\"18\" y=\"%s\" text-anchor=\"middle\" transform=\"rotate(-90 18 %s)\">%s</text>\n"
            .formatted(fmt(HEIGHT / 2.0), fmt(HEIGHT / 2.0), escape(yLabel)));
    for (int t = 0; t <= 5; t++) {
      double v = min + (max - min) * t / 5;
      double y = y(v, min, max);
      svg.append(
          "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#ddd\"/>\n"
              .formatted(LEFT, fmt(y), WIDTH - RIGHT, fmt(y)));
      svg.append(text(LEFT - 6, y + 4, tick(v), "end"));
    }
    svg.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
            .formatted(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
    svg.append(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
            .formatted(LEFT, TOP, LEFT, HEIGHT - BOTTOM));
    return svg;
  }

  private static StringBuilder legend(StringBuilder svg, List<String> names) {
    for (int s = 0; s < names.size(); s++) {
      int y = TOP + 10 + s * 20;
      svg.append(
          "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\" fill=\"%s\"/>\n"
              .formatted(WIDTH - RIGHT + 14, y - 9, COLOURS[s % COLOURS.length]));
      svg.append(text(WIDTH - RIGHT + 34, y, escape(names.get(s)), "start"));
    }
    return svg;
  }

  /** The smallest of 1, 2, 2.5, 5 or 10 times a power of ten that is at least {@code v}. */
  static double nice(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static double x(int i, int points) {
    return LEFT + (points <= 1 ? 0 : (WIDTH - LEFT - RIGHT) * i / (double) (points - 1));
  }

  private static double y(double v, double min, double max) {
    double span = max - min <= 0 ? 1 : max - min;
    return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (v - min) / span;
  }

  private static String text(double x, double y, String s, String anchor) {
    return "<text x=\"%s\" y=\"%s\" text-anchor=\"%s\">%s</text>\n"
        .formatted(fmt(x), fmt(y), anchor, s);
  }

  private static String tick(double v) {
    double a = Math.abs(v);
    return a >= 100 || a == 0
        ? String.format(Locale.ROOT, "%,.0f", v)
        : String.format(Locale.ROOT, a >= 1 ? "%.1f" : "%.3f", v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
