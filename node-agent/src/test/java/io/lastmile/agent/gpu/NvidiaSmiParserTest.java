package io.lastmile.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NvidiaSmiParserTest {

  private static final List<String> RTX2080_FIELDS =
      List.of(
          "power.limit",
          "power.min_limit",
          "power.max_limit",
          "memory.total",
          "vbios_version",
          "driver_version",
          "name",
          "gpu_uuid",
          "power.draw",
          "temperature.gpu",
          "temperature.memory",
          "clocks.current.graphics",
          "clocks.sm",
          "clocks.mem",
          "utilization.gpu",
          "utilization.memory",
          "fan.speed",
          "pcie.link.width.current",
          "pstate");

  @Test
  void commandAsksForTheFieldsTheParserReadsInTheSameOrder() {
    assertThat(NvidiaSmiParser.queryArguments())
        .containsExactly(
            "--query-gpu=index,uuid,name,memory.total,memory.used,utilization.gpu,"
                + "power.draw,power.limit,mig.mode.current",
            "--format=csv,noheader,nounits");
  }

  @Test
  void readsSeveralGpusOfTheStandardQueryWithExtraWhitespaceAndBlankLines() {
    String out =
        """

        0, GPU-aaaa, NVIDIA L4,   23034, 1200, 37,  35.12,  72.00, [N/A]
          1 ,GPU-bbbb , NVIDIA L4 , 23034 ,0 , 0 , 16.40 , 72.00 , [N/A]

        """;

    assertThat(NvidiaSmiParser.standard().parse(out))
        .containsExactly(
            new GpuReading(0, "GPU-aaaa", "NVIDIA L4", 23034, 1200, 37, 35.12, 72.0, false),
            new GpuReading(1, "GPU-bbbb", "NVIDIA L4", 23034, 0, 0, 16.40, 72.0, false));
  }

  @Test
  void unknownValuesBecomeNanPowerMinusOneUtilisationAndZeroMemory() {
    String out =
        "0, GPU-cccc, Orin (nvgpu), [N/A], N/A, [Not Supported], [N/A], Not Supported, [N/A]\n";

    GpuReading gpu = NvidiaSmiParser.standard().parse(out).get(0);

    assertThat(gpu.memoryTotalMiB()).isZero();
    assertThat(gpu.memoryUsedMiB()).isZero();
    assertThat(gpu.utilizationPercent()).isEqualTo(-1);
    assertThat(gpu.powerDrawW()).isNaN();
    assertThat(gpu.powerLimitW()).isNaN();
    assertThat(gpu.migEnabled()).isFalse();
  }

  @Test
  void migModeIsReadFromEnabledAndDisabled() {
    String out =
        """
        0, GPU-a, NVIDIA A100-SXM4-80GB, 81920, 0, [N/A], 60.1, 400.00, Enabled
        1, GPU-b, NVIDIA A100-SXM4-80GB, 81920, 0, 0, 61.2, 400.00, Disabled
        """;

    assertThat(NvidiaSmiParser.standard().parse(out))
        .extracting(GpuReading::migEnabled)
        .containsExactly(true, false);
  }

  @Test
  void productNameWithACommaIsFoldedBackIntoTheName() {
    String out = "0, GPU-d, Quadro RTX 4000, Mobile, 8192, 10, 1, 12.5, 80.00, [N/A]\n";

    assertThat(NvidiaSmiParser.standard().parse(out).get(0).model())
        .isEqualTo("Quadro RTX 4000, Mobile");
  }

  @Test
  void readingsComeBackInIndexOrder() {
    String out =
        """
        1, GPU-b, NVIDIA T4, 15360, 0, 0, 9.1, 70.00, [N/A]
        0, GPU-a, NVIDIA T4, 15360, 0, 0, 9.5, 70.00, [N/A]
        """;

    assertThat(NvidiaSmiParser.standard().parse(out))
        .extracting(GpuReading::index)
        .containsExactly(0, 1);
  }

  @Test
  void emptyOutputMeansNoGpus() {
    assertThat(NvidiaSmiParser.standard().parse("\n\n")).isEmpty();
  }

  @Test
  void malformedNumberNamesLineColumnAndValue() {
    String out =
        """
        0, GPU-a, NVIDIA L4, 23034, 0, 0, 16.40, 72.00, [N/A]

        1, GPU-b, NVIDIA L4, 23034, 0, lots, 16.40, 72.00, [N/A]
        """;

    assertThatThrownBy(() -> NvidiaSmiParser.standard().parse(out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "nvidia-smi output line 3, column 6 (utilization.gpu): 'lots' is not a"
                + " non-negative number");
  }

  @Test
  void unexpectedMigModeIsMalformed() {
    String out = "0, GPU-a, NVIDIA A30, 24576, 0, 0, 30.0, 165.00, Pending\n";

    assertThatThrownBy(() -> NvidiaSmiParser.standard().parse(out))
        .hasMessage(
            "nvidia-smi output line 1, column 9 (mig.mode.current): 'Pending' is not Enabled or"
                + " Disabled");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "No devices were found",
        "0, GPU-a, NVIDIA L4, 23034, 0, 0, 16.40",
      })
  void lineWithTooFewColumnsNamesTheLineAndTheExpectedColumns(String line) {
    assertThatThrownBy(() -> NvidiaSmiParser.standard().parse(line))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("nvidia-smi output line 1 has ")
        .hasMessageContaining("where 9 were expected (index, uuid, name,")
        .hasMessageEndingWith("'" + line + "'");
  }

  @Test
  void missingIndexIsReportedWithItsColumn() {
    String out = "[N/A], GPU-a, NVIDIA L4, 23034, 0, 0, 16.40, 72.00, [N/A]\n";

    assertThatThrownBy(() -> NvidiaSmiParser.standard().parse(out))
        .hasMessage("nvidia-smi output line 1, column 1 (index): '[N/A]' is required but unknown");
  }

  @Test
  void capturedConsumerRtx2080WithItsOwnFieldList() {
    String capture = Fixtures.nvidiaSmi("rtx2080-gpu-utils-issue83.noheader.csv");

    assertThat(NvidiaSmiParser.forFields(RTX2080_FIELDS).parse(capture))
        .containsExactly(
            new GpuReading(
                0,
                "GPU-22b2c6ac-2d49-4863-197c-9c469071178a",
                "GeForce RTX 2080",
                7979,
                0,
                86,
                176.98,
                200.0,
                false));
  }

  @Test
  void capturedMigEnabledGpuAmongFourIsReadByHeader() {
    List<GpuReading> gpus =
        NvidiaSmiParser.withHeader(Fixtures.nvidiaSmi("mig-dra-driver-pr852.csv"));

    assertThat(gpus).extracting(GpuReading::index).containsExactly(0, 1, 2, 3);
    assertThat(gpus).extracting(GpuReading::migEnabled).containsExactly(true, false, false, false);
    assertThat(gpus.get(0).uuid()).isEqualTo("GPU-ec845691-fb46-e16d-abfb-b135308cb39f");
    assertThat(gpus.get(0).powerDrawW()).isNaN();
  }

  @Test
  void capturedGb10UnifiedMemoryReportsMemoryAsUnknown() {
    String capture = Fixtures.nvidiaSmi("gb10-llama-swap-issue782.noheader.csv");

    GpuReading gpu =
        NvidiaSmiParser.forFields(List.of("memory.used", "memory.total", "utilization.memory"))
            .parse(capture)
            .get(0);

    assertThat(gpu.memoryTotalMiB()).isZero();
    assertThat(gpu.memoryUsedMiB()).isZero();
    assertThat(gpu.utilizationPercent()).isEqualTo(-1);
  }

  @Test
  void capturedMigModeOfAConsumerCardIsNotApplicable() {
    List<GpuReading> gpus = NvidiaSmiParser.withHeader(Fixtures.nvidiaSmi("rtx-nvtop-pr470.csv"));

    assertThat(gpus).singleElement().extracting(GpuReading::migEnabled).isEqualTo(false);
  }

  @Test
  void headerModeStripsUnitsFromValues() {
    String converted = Fixtures.nvidiaSmi("h100-gpu-burn-issue114.converted.csv");

    assertThat(NvidiaSmiParser.withHeader(converted))
        .containsExactly(
            new GpuReading(0, "", "NVIDIA H100 80GB HBM3", 81559, 72790, 0, 145.0, 700.0, false),
            new GpuReading(1, "", "NVIDIA H100 80GB HBM3", 81559, 72790, 4, 140.0, 700.0, false));
  }

  @Test
  void headerModeCountsTheHeaderInLineNumbers() {
    String out = "index, power.draw [W]\n0, 35.0 W\n1, hot W\n";

    assertThatThrownBy(() -> NvidiaSmiParser.withHeader(out))
        .hasMessage(
            "nvidia-smi output line 3, column 2 (power.draw): 'hot W' is not a non-negative"
                + " number");
  }

  @Test
  void headerModeNeedsAHeader() {
    assertThatThrownBy(() -> NvidiaSmiParser.withHeader(" \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nvidia-smi output has no header line");
  }
}
