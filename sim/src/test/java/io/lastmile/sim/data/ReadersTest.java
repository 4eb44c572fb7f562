package io.lastmile.sim.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

class ReadersTest {

  @Test
  void greenDccReadsNaiveTimesInTheSiteZoneAndMergesAemoMonthBoundaries() {
    Csv csv =
        Csv.parse(
            "AU-NSW.csv",
            """
            Datetime,Price (USD/MWh)
            2023-01-31 23:00:00,50
            2023-02-01 00:00:00,120
            2023-02-01 00:00:00,60
            2023-02-01 01:00:00,70
            """);

    NavigableMap<Instant, Double> hours = GreenDccPrices.hours(csv, ZoneId.of("+10:00"));

    assertThat(hours).hasSize(3);
    assertThat(hours.get(Instant.parse("2023-01-31T13:00:00Z"))).isEqualTo(50);
    // (1 * 120 + 11 * 60) / 12
    assertThat(hours.get(Instant.parse("2023-01-31T14:00:00Z"))).isCloseTo(65, within(1e-9));
    assertThat(hours.get(Instant.parse("2023-01-31T15:00:00Z"))).isEqualTo(70);
  }

  @Test
  void greenDccKeepsAnExplicitOffset() {
    Csv csv =
        Csv.parse(
            "ERCOT.csv",
            """
            Datetime,Price (USD/MWh)
            2023-01-01 00:00:00-06:00,10.42
            """);

    assertThat(GreenDccPrices.hours(csv, ZoneId.of("UTC")))
        .containsEntry(Instant.parse("2023-01-01T06:00:00Z"), 10.42);
  }

  @Test
  void greenDccNamesFileLineAndValueOfABadPrice() {
    Csv csv = Csv.parse("FR.csv", "Datetime,Price (EUR/MWh)\n2023-01-01 00:00:00,cheap\n");

    assertThatThrownBy(() -> GreenDccPrices.hours(csv, ZoneId.of("UTC")))
        .hasMessage("FR.csv line 2: column 'Price (EUR/MWh)' must be a number, got 'cheap'");
  }

  @Test
  void jepxAveragesHalfHoursIntoHoursInYenPerMwh() {
    Csv csv =
        Csv.parse(
            "jepx.csv",
            """
            date_jst,period,interval_start_jst,system_price,tokyo,kansai
            2023-01-01,1,2023-01-01T00:00:00+09:00,23.7,24.9,20
            2023-01-01,2,2023-01-01T00:30:00+09:00,23.66,23.1,22
            """);
    SiteTable sites =
        new SiteTable(List.of(new SiteTable.Row("tokyo", "Japan East", "x", "JPY", "Asia/Tokyo")));

    HourlyPrices prices = JepxPrices.hours(csv, sites);

    assertThat(prices.zones()).containsExactly("tokyo");
    assertThat(prices.hours("tokyo").get(Instant.parse("2022-12-31T15:00:00Z")))
        .isCloseTo(24_000, within(1e-6));
    assertThat(prices.currency("tokyo")).isEqualTo("JPY");
  }

  @Test
  void azureRoundTripIsTheMeanOfBothDirections() {
    AzureRtt rtt =
        AzureRtt.of(
            Csv.parse(
                "rtt.csv",
                """
                Source,East US,West US
                East US,,70
                West US,66,
                """));

    assertThat(rtt.rttMs("East US", "West US")).isEqualTo(68);
    assertThat(rtt.rttMs("West US", "West US")).isZero();
    assertThat(rtt.rttMs("East US", "Mars")).isNaN();
  }

  @Test
  void pueResolvesEachSourceAndNamesAnUnknownOne() {
    PueTable pue =
        PueTable.of(
            Csv.parse("azure.csv", "geography,pue\nTexas,1.28\n"),
            Csv.parse(
                "google.csv",
                "campus,quarterly_pue,ttm_pue\n\"Inzai, Japan\",1.12,\nSingapore,1.12,1.13\n"),
            Csv.parse("global.csv", "provider,global_average_pue,source\nAzure,1.16,x\n"));

    assertThat(pue.pue("azure:Texas")).isEqualTo(1.28);
    assertThat(pue.pue("google:Inzai, Japan")).isEqualTo(1.12);
    assertThat(pue.pue("google:Singapore")).isEqualTo(1.13);
    assertThat(pue.pue("global:Azure")).isEqualTo(1.16);
    assertThatThrownBy(() -> pue.pue("azure:Mars")).hasMessageContaining("'azure:Mars'");
  }

  @Test
  void mlperfPairsThroughputAndPowerPerAcceleratorAndScenario() {
    String h =
        "Public ID,Model MLC,Scenario,Result,Units,Total Accelerators,accelerator_model_name\n";
    Csv csv =
        Csv.parse(
            "mlperf.csv",
            h
                + "4.0-1,llama2-70b-99.9,Offline,\"16,000\",Tokens/s,8,NVIDIA H100-SXM-80GB\n"
                + "4.0-1,llama2-70b-99.9,Offline,\"5,600\",Watts,8,NVIDIA H100-SXM-80GB\n"
                + "4.0-1,llama2-70b-99.9,Server,12000,Tokens/s,8,NVIDIA H100-SXM-80GB\n"
                + "4.0-1,llama2-70b-99.9,Server,5760,Watts,8,NVIDIA H100-SXM-80GB\n"
                + "4.0-2,gptj-99,Offline,999,Tokens/s,8,NVIDIA H100-SXM-80GB\n");

    GpuMeasurement m = MlperfPower.read(csv, "llama2-70b", "H100-SXM");

    assertThat(m.offlineTokensPerSecond()).isEqualTo(2000);
    assertThat(m.serverTokensPerSecond()).isEqualTo(1500);
    assertThat(m.wattsPerGpu()).isEqualTo(710);
    assertThatThrownBy(() -> MlperfPower.read(csv, "llama2-70b", "L4"))
        .hasMessageContaining("'L4'");
  }

  @Test
  void traceKeepsOffsetsFromTheFirstRequest() {
    List<LlmTrace.Request> trace =
        LlmTrace.read(
            Csv.parse(
                "trace.csv",
                """
                TIMESTAMP,ContextTokens,GeneratedTokens
                2023-11-16 18:15:46.6805900,374,44
                2023-11-16 18:15:50.9951690,396,109
                """));

    assertThat(trace)
        .containsExactly(new LlmTrace.Request(0, 374, 44), new LlmTrace.Request(4314, 396, 109));
  }

  @Test
  void fxRatesAreUsdPerUnit() {
    assertThat(
            FxRates.usdPerUnit(
                Csv.parse("fx.csv", "currency,usd_per_unit,note\nEUR,1.07764,x\nUSD,1.0,y\n")))
        .containsEntry("EUR", 1.07764)
        .containsEntry("USD", 1.0);
  }
}
