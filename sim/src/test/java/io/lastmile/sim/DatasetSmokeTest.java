package io.lastmile.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One simulated day on the real public datasets, when they are present (beside the repository, as
 * {@code ../shared/data}, or at {@code LASTMILE_SIM_DATA}); CI clones only the repository and skips
 * it there. The committed reports under {@code docs/evaluation} are the full runs.
 */
class DatasetSmokeTest {

  @Test
  void oneDayOfGreenDccPricesProducesAReportWithEveryPolicy(@TempDir Path out) throws Exception {
    Path data = data();
    assumeTrue(Files.isDirectory(data), "public datasets not found at " + data);

    SimMain.run(
        Options.parse(
            List.of(
                "--dataset",
                "greendcc",
                "--data",
                data.toString(),
                "--from",
                "2023-02-01",
                "--days",
                "1",
                "--scale",
                "5",
                "--out",
                out.toString())));

    String report = Files.readString(out.resolve("greendcc-2023-02-01.md"));
    assertThat(report).contains("| nearest |", "| round-robin |", "| cheapest |", "| lastmile |");
    assertThat(Files.readString(out.resolve("greendcc-2023-02-01-cost.svg"))).startsWith("<svg");
  }

  private static Path data() {
    String env = System.getenv("LASTMILE_SIM_DATA");
    return env != null ? Path.of(env) : Path.of("../../shared/data");
  }
}
