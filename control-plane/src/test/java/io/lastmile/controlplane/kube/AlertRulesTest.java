package io.lastmile.controlplane.kube;

import static io.lastmile.controlplane.kube.ManifestsTest.one;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.lastmile.controlplane.metrics.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitoring component's alerts as Prometheus runs them: the rendered PrometheusRule's groups
 * pass {@code promtool check rules}, fire on the series of {@code alerts/lastmile-alerts-test.yml}
 * when they should and not before ({@code promtool test rules}), and name only metrics the control
 * plane documents (see {@link Promtool} for where promtool comes from).
 */
class AlertRulesTest {
  private static final Path WORK = Path.of("target", "alerts");
  private static final Pattern METRIC = Pattern.compile("\\blastmile_[a-z_]+");
  private static PrometheusRule rule;

  @BeforeAll
  static void render() throws Exception {
    rule =
        one(
            ManifestComponentsTest.render("alerts", "prod", "monitoring"),
            PrometheusRule.class,
            "lastmile");
    Files.createDirectories(WORK);
    Files.writeString(
        WORK.resolve("lastmile-rules.yml"),
        Serialization.asYaml(Map.of("groups", rule.getSpec().getGroups())));
    Files.copy(
        Path.of("src", "test", "resources", "alerts", "lastmile-alerts-test.yml"),
        WORK.resolve("lastmile-alerts-test.yml"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void rulesAreValidPrometheusRules() throws Exception {
    assertThat(promtool("check", "rules", "lastmile-rules.yml")).contains("SUCCESS: 4 rules found");
  }

  @Test
  void eachAlertFiresWhenItShouldAndNotBefore() throws Exception {
    assertThat(promtool("test", "rules", "lastmile-alerts-test.yml")).contains("SUCCESS");
  }

  @Test
  void rulesReadOnlyDocumentedMetrics() throws IOException {
    Set<String> used = new TreeSet<>();
    for (var group : rule.getSpec().getGroups()) {
      for (Rule r : group.getRules()) {
        Matcher m = METRIC.matcher(r.getExpr().getStrVal());
        while (m.find()) {
          used.add(m.group());
        }
      }
    }
    String operations = Files.readString(Path.of("..", "docs", "operations.md"));
    assertThat(used).isNotEmpty();
    for (String metric : used) {
      assertThat(operations).as("docs/operations.md documents %s", metric).contains(metric);
    }
  }

  private static String promtool(String... args) throws IOException, InterruptedException {
    return Promtool.run(WORK, args);
  }
}
