package io.lastmile.controlplane.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.controlplane.domain.JobClass;
import io.lastmile.controlplane.energy.PriceIntake;
import io.lastmile.controlplane.energy.PriceRejection;
import io.lastmile.controlplane.energy.Topology;
import io.lastmile.controlplane.scheduler.NodeCondition;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code /q/metrics} as Prometheus and its tools read it: clean for {@code promtool check metrics},
 * every Lastmile counter present with all its label values before the first event (so {@code
 * rate()} sees that event), a HELP text on every family, and the list in docs/operations.md equal
 * to what is registered, labels included.
 */
@QuarkusTest
class MetricsEndpointTest {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? \\S+$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
  private static final Pattern DOCUMENTED =
      Pattern.compile("`(lastmile_[a-z_]+)(?:\\{([a-z_,]+)})?`");

  @Inject Topology topology;

  @Test
  void promtoolFindsNothingOnTheWholeEndpoint() throws Exception {
    String out =
        Promtool.run(
            Path.of("target"), scrape().getBytes(StandardCharsets.UTF_8), "check", "metrics");
    assertThat(out).isBlank();
  }

  @Test
  void everyCounterHasEachOfItsSeriesBeforeItsFirstEvent() {
    List<Sample> samples = samples(scrape());
    for (String region : topology.regions().keySet()) {
      assertSeries(samples, "lastmile_placements_total", "region", region);
      assertSeries(samples, "lastmile_energy_joules_total", "region", region);
      assertSeries(samples, "lastmile_energy_cost_total", "region", region);
    }
    for (JobClass c : JobClass.values()) {
      assertSeries(samples, "lastmile_jobs_submitted_total", "class", c.name());
    }
    for (PriceIntake.Outcome o : PriceIntake.Outcome.values()) {
      assertSeries(
          samples, "lastmile_prices_received_total", "outcome", o.name().toLowerCase(Locale.ROOT));
    }
    for (PriceRejection r : PriceRejection.values()) {
      assertSeries(samples, "lastmile_prices_rejected_total", "reason", r.name());
    }
    for (NodeCondition c : NodeCondition.values()) {
      assertSeries(samples, "lastmile_nodes", "state", c.name());
    }
    assertThat(samples).anyMatch(s -> s.name().equals("lastmile_preemptions_total"));
    assertThat(samples).anyMatch(s -> s.name().equals("lastmile_job_events_published_total"));
  }

  @Test
  void everyFamilyHasAHelpText() {
    Set<String> typed = new TreeSet<>();
    Map<String, String> help = new TreeMap<>();
    for (String line : scrape().split("\n")) {
      if (line.startsWith("# TYPE ")) {
        typed.add(line.split(" ")[2]);
      } else if (line.startsWith("# HELP ")) {
        String[] parts = line.split(" ", 4);
        help.put(parts[2], parts.length > 3 ? parts[3].strip() : "");
      }
    }
    assertThat(typed).isNotEmpty();
    for (String family : typed) {
      assertThat(help.get(family)).as("HELP of %s", family).isNotBlank();
    }
  }

  @Test
  void docsListEveryLastmileMetricWithItsLabelsAndNothingElse() throws Exception {
    Map<String, Set<String>> documented = new TreeMap<>();
    Matcher m = DOCUMENTED.matcher(metricsTable());
    while (m.find()) {
      Set<String> labels = new TreeSet<>();
      if (m.group(2) != null) {
        labels.addAll(List.of(m.group(2).split(",")));
      }
      documented.put(m.group(1), labels);
    }
    Map<String, Set<String>> registered = new TreeMap<>();
    String text = scrape();
    Set<String> families = new TreeSet<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# TYPE lastmile_")) {
        families.add(line.split(" ")[2]);
      }
    }
    for (Sample s : samples(text)) {
      String family = family(s.name(), families);
      if (family != null) {
        Set<String> labels = registered.computeIfAbsent(family, f -> new TreeSet<>());
        s.labels().keySet().stream().filter(l -> !l.equals("le")).forEach(labels::add);
      }
    }
    // A histogram's _max is Micrometer's companion gauge of the documented histogram.
    registered.keySet().removeIf(f -> f.endsWith("_max") && documented.containsKey(strip(f)));
    assertThat(documented).isEqualTo(registered);
  }

  private static String strip(String max) {
    return max.substring(0, max.length() - "_max".length());
  }

  /** The family a sample belongs to: itself, or a histogram's family for its suffixed series. */
  private static String family(String sample, Set<String> families) {
    if (families.contains(sample)) {
      return sample;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum")) {
      if (sample.endsWith(suffix)
          && families.contains(sample.substring(0, sample.length() - suffix.length()))) {
        return sample.substring(0, sample.length() - suffix.length());
      }
    }
    return null;
  }

  private static String metricsTable() throws Exception {
    Path docs = Path.of("..", "docs", "operations.md");
    String text = Files.readString(docs);
    int start = text.indexOf("## Metrics");
    int end = text.indexOf("\n## ", start + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static void assertSeries(List<Sample> samples, String name, String label, String value) {
    assertThat(samples)
        .as("%s{%s=\"%s\"}", name, label, value)
        .anyMatch(s -> s.name().equals(name) && value.equals(s.labels().get(label)));
  }

  private static String scrape() {
    return given()
        .accept("text/plain; version=0.0.4")
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private record Sample(String name, Map<String, String> labels) {}

  private static List<Sample> samples(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!line.startsWith("#") && m.matches()) {
        Map<String, String> labels = new TreeMap<>();
        if (m.group(2) != null) {
          Matcher l = LABEL.matcher(m.group(2));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        out.add(new Sample(m.group(1), labels));
      }
    }
    return out;
  }
}
