package io.lastmile.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {

  @Test
  void axisTopsAreRoundNumbers() {
    assertThat(SvgChart.nice(38.4)).isEqualTo(50);
    assertThat(SvgChart.nice(60_677)).isEqualTo(100_000);
    assertThat(SvgChart.nice(0.21)).isEqualTo(0.25);
    assertThat(SvgChart.nice(0)).isEqualTo(1);
  }

  @Test
  void lineChartHasOnePathPerSeriesAndEscapedNames() {
    String svg =
        SvgChart.lines(
            "cost",
            "day",
            "USD",
            List.of(
                new SvgChart.Series("a<b", new double[] {1, 2, 3}),
                new SvgChart.Series("c", new double[] {3, 2, 1})));

    assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("a&lt;b");
    assertThat(svg.split("<path ", -1)).hasSize(3);
  }

  @Test
  void barChartHasABarPerSeriesAndCategory() {
    String svg =
        SvgChart.bars(
            "jobs",
            "jobs",
            List.of("X", "Y"),
            List.of(
                new SvgChart.Series("p", new double[] {1, 2}),
                new SvgChart.Series("q", new double[] {3, 4})));

    // A white background, four bars and two legend keys.
    assertThat(svg.split("<rect ", -1)).hasSize(1 + 1 + 4 + 2);
  }
}
