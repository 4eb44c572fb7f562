package io.lastmile.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent run with the systemd unit's own settings (its {@code User}, {@code Group}, {@code
 * SupplementaryGroups}, {@code AmbientCapabilities}, {@code CapabilityBoundingSet} and {@code
 * NoNewPrivileges}, read from {@code lastmile-agent.service} and applied with {@code setpriv}, as
 * systemd applies them), enrolled with a token in its environment as the unit's EnvironmentFile
 * gives it. A job then tries to read the agent's credential, its own attempt's journal and the
 * agent's environment: each read is denied, and the job runs as the workload user with no
 * capability. Needs root, to create the two users and to start the agent as one of them.
 */
@Tag("fault")
class SystemdIsolationE2ETest {
  private static final Path UNIT =
      Path.of(System.getProperty("lastmile.root", ".."))
          .resolve("node-agent/packaging/lastmile-agent.service");
  private static final Pattern ENROL = Pattern.compile("lme_[A-Za-z0-9_-]{43}");

  @TempDir Path work;

  @Test
  void aJobCannotReadTheAgentsCredentialJournalOrEnvironment() throws Exception {
    assumeTrue(
        "0".equals(sh("id -u").strip()), "needs root to create users and start the agent as one");
    Map<String, String> unit = unitSettings();
    String agentUser = unit.get("User");
    String workloadUser = unit.get("SupplementaryGroups");
    assertThat(agentUser).isEqualTo("lastmile");
    assertThat(workloadUser).isEqualTo("lastmile-workload");
    assertThat(unit.get("NoNewPrivileges")).isEqualTo("true");
    // Users this test creates are removed again: other tests' agents must not find them.
    List<String> created = new ArrayList<>();
    for (String user : List.of(agentUser, workloadUser)) {
      if (!"yes".equals(sh("id -u %s >/dev/null 2>&1 && echo yes || echo no", user).strip())) {
        sh("useradd --system --no-create-home --shell /usr/sbin/nologin %s", user);
        created.add(user);
      }
    }

    // The unit's StateDirectory: owned by the agent's user, passable by everyone.
    Path base = Path.of("/tmp/lastmile-isolation-" + UUID.randomUUID().toString().substring(0, 8));
    Path state = Files.createDirectories(base.resolve("state"));
    Path results = Files.createDirectories(base.resolve("results"));
    Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(results, PosixFilePermissions.fromString("rwxrwxrwx"));
    sh("chown %s:%s %s", agentUser, unit.get("Group"), state);
    try {
      CliProcess.OperatorToken operator = CliProcess.createOperatorToken(work, "oncall");
      Path tokens = Files.writeString(work.resolve("tokens"), operator.line() + "\n");
      try (LocalCluster cluster = new LocalCluster(work.resolve("cluster"))) {
        cluster.startControlPlane(
            "-Dlastmile.auth.enabled=true", "-Dlastmile.auth.tokens-file=" + tokens);
        Map<String, String> cli = new HashMap<>();
        cli.put("LASTMILE_SERVER", cluster.grpcAddress());
        cli.put("LASTMILE_TOKEN", operator.token());
        cli.put("HOME", work.toString());
        CliProcess.Result enrol =
            CliProcess.run(work, cli, "nodes", "enroll-token", "--node-id", "edge-unit-1");
        Matcher token = ENROL.matcher(enrol.out);
        assertThat(token.find()).as(enrol.toString()).isTrue();

        cluster
            .withAgentLauncher(launcher(unit))
            .startAgent(
                "edge-unit-1",
                "de-fra",
                "1xL4:23034:72",
                Map.of("LASTMILE_AGENT_ENROLMENT_TOKEN", token.group()),
                "-Dlastmile.agent.work-dir=" + state,
                "-Dlastmile.agent.workload.user=" + workloadUser);
        Path credential = state.resolve("node-credential");
        assertThat(Files.getPosixFilePermissions(credential))
            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String agentLog = Files.readString(LocalCluster.log("edge-unit-1"));
        assertThat(agentLog).contains("workloads run as " + workloadUser);

        Path out = results.resolve("probe.txt");
        String script =
            String.join(
                "; ",
                "exec > %s 2>&1".formatted(out),
                "echo uid=$(id -u)",
                "grep CapEff /proc/self/status",
                "cat %s".formatted(credential),
                "cat ../../attempt.properties",
                "cat /proc/%d/environ".formatted(cluster.agentPid("edge-unit-1")),
                "true");
        CliProcess.submitAndWatchSucceeded(work, cli, "isolation", script);

        String probe = Files.readString(out);
        System.out.println("what the job saw:\n" + probe);
        assertThat(probe).contains("uid=" + sh("id -u " + workloadUser).strip());
        assertThat(probe).containsPattern("CapEff:\\s+0+\\b");
        assertThat(probe.lines().filter(l -> l.contains("Permission denied")))
            .as(probe)
            .hasSize(3)
            .anyMatch(l -> l.contains("node-credential"))
            .anyMatch(l -> l.contains("attempt.properties"))
            .anyMatch(l -> l.contains("environ"));
        assertThat(probe).doesNotContain(token.group()).doesNotContain("lmn_");

        // A cancel reaches the workload although the agent may not signal another user's
        // processes itself (no CAP_KILL): it stops in its own way, and what it left goes with it.
        Path started = results.resolve("started");
        Path stopped = results.resolve("stopped");
        String job =
            CliProcess.submit(
                work,
                cli,
                "cancel-me",
                "trap 'echo stopped > %s; exit 143' TERM; sleep 300 & touch %s; wait"
                    .formatted(stopped, started));
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
        CliProcess.Result cancel = CliProcess.run(work, cli, "cancel", job, "--reason", "test");
        assertThat(cancel.code).as(cancel.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(stopped));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    "no"
                        .equals(
                            sh("pgrep -u %s >/dev/null && echo yes || echo no", workloadUser)
                                .strip()));
        CliProcess.Result watch = CliProcess.run(work, cli, "watch", job);
        assertThat(watch.out).as(watch.toString()).contains("CANCELLED");
      }
    } finally {
      sh("rm -rf %s", base);
      for (String user : created) {
        // The workload's wrapper may leave a short-lived helper behind; userdel refuses while
        // any process of the user runs.
        sh(
            "for i in 1 2 3 4 5 6 7 8 9 10; do pkill -KILL -u %1$s; userdel %1$s 2>/dev/null &&"
                + " exit 0; sleep 0.5; done; userdel %1$s",
            user);
      }
    }
  }

  /** The unit's [Service] settings that the test applies, as key to value. */
  private static Map<String, String> unitSettings() throws IOException {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : Files.readAllLines(UNIT)) {
      int eq = line.indexOf('=');
      if (!line.startsWith("#") && eq > 0) {
        settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return settings;
  }

  /** setpriv as systemd would apply the unit's user, groups and capabilities. */
  private static List<String> launcher(Map<String, String> unit) throws Exception {
    String ambient =
        unit.get("AmbientCapabilities").isEmpty()
            ? "-all"
            : capabilities(unit.get("AmbientCapabilities"));
    String bounding = capabilities(unit.get("CapabilityBoundingSet"));
    String groups = sh("getent group %s | cut -d: -f3", unit.get("SupplementaryGroups")).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=" + unit.get("User"),
                "--regid=" + unit.get("Group"),
                "--groups=" + groups,
                "--inh-caps=" + ambient,
                "--ambient-caps=" + ambient,
                "--bounding-set=-all," + bounding));
    if ("true".equals(unit.get("NoNewPrivileges"))) {
      command.add("--no-new-privs");
    }
    command.add("--");
    return command;
  }

  /** {@code CAP_SETUID CAP_SETGID} as setpriv writes it: {@code +setuid,+setgid}. */
  private static String capabilities(String unitValue) {
    return String.join(
        ",",
        Arrays.stream(unitValue.split("\\s+"))
            .map(c -> "+" + c.toLowerCase(Locale.ROOT).replaceFirst("^cap_", ""))
            .toList());
  }

  private static String sh(String format, Object... args) throws Exception {
    Process p = new ProcessBuilder("sh", "-c", format.formatted(args)).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(format.formatted(args) + " failed: " + out);
    }
    return out;
  }
}
