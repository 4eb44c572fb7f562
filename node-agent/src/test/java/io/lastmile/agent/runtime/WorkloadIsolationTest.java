package io.lastmile.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real workload processes started the way the agent starts them: as the workload user when the
 * agent is root (as it is in CI), with nothing of the agent's environment, with capped logs.
 */
class WorkloadIsolationTest {
  /** Set in this JVM's environment by the build (surefire), as if the agent had been given it. */
  static final String AGENT_MARKER = "LASTMILE_TEST_AGENT_MARKER";

  @TempDir Path temp;
  private Path root;
  private WorkloadUser user;

  @BeforeEach
  void workRoot() throws IOException {
    // The workload user must pass through the test's own folder to reach its working directory.
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwx--x--x"));
    root = temp.resolve("agent");
    user = WorkloadUser.choose(WorkloadUser.agentUid(), "nobody", false, WorkloadUser::getent);
  }

  @Test
  void workloadRunsAsTheWorkloadUserWhenTheAgentIsRootAndAsTheAgentOtherwise() throws Exception {
    ProcessDriver driver = driver(ProcessDriver.DEFAULT_MAX_LOG_BYTES);

    Process p = driver.start(spec("id -u; id -g; touch own-file; ls -ln own-file"));

    assertThat(p.waitFor()).isZero();
    List<String> out = Files.readAllLines(driver.runDir("job-1/1").resolve("stdout.log"));
    String expectedUid = WorkloadUser.agentUid() == 0 ? sh("id -u nobody") : sh("id -u");
    assertThat(out.get(0)).isEqualTo(expectedUid);
    assertThat(user.switches()).isEqualTo(WorkloadUser.agentUid() == 0);
    assertThat(out.get(2).split("\\s+")[2]).isEqualTo(expectedUid);
  }

  @Test
  void workloadSeesNothingOfTheAgentsEnvironment() throws Exception {
    assertThat(System.getenv(AGENT_MARKER)).isEqualTo("agent-only-value");
    ProcessDriver driver = driver(ProcessDriver.DEFAULT_MAX_LOG_BYTES);

    // env itself, not under a shell: a shell would add PWD of its own.
    Process p = driver.start(spec("env", List.of()));

    assertThat(p.waitFor()).isZero();
    String env = Files.readString(driver.runDir("job-1/1").resolve("stdout.log"));
    assertThat(env)
        .contains("GREETING=it's \"quoted\" $HOME `x`\nsecond line")
        .doesNotContain(AGENT_MARKER)
        .doesNotContain("agent-only-value");
    assertThat(env.lines().map(l -> l.split("=", 2)[0]))
        .containsExactlyInAnyOrder(
            "GREETING",
            "second line",
            "PATH",
            "HOME",
            "CUDA_VISIBLE_DEVICES",
            "NVIDIA_VISIBLE_DEVICES",
            "LASTMILE_JOB_ID",
            "LASTMILE_ATTEMPT_ID");
  }

  @Test
  void outputPastTheCapIsDroppedAfterAMarkerWhileTheWorkloadKeepsRunning() throws Exception {
    ProcessDriver driver = driver(1000);

    Process p =
        driver.start(
            spec("head -c 5000 /dev/zero | tr '\\0' x; echo on-stderr >&2; echo ran-on > after"));

    assertThat(p.waitFor()).isZero();
    String out = Files.readString(driver.runDir("job-1/1").resolve("stdout.log"));
    assertThat(out)
        .startsWith("x".repeat(1000) + "\n[lastmile: output truncated at 1000 bytes;")
        .hasSizeLessThan(1100);
    assertThat(driver.logTail("job-1/1")).contains("output truncated", "[stderr]\non-stderr");
    assertThat(Files.readString(driver.workDir("job-1/1").resolve("after"))).isEqualTo("ran-on\n");
    assertThat(driver.recordedExitCode("job-1/1")).hasValue(0);
  }

  private ProcessDriver driver(long maxLogBytes) {
    ProcessDriver driver = new ProcessDriver(root, user, maxLogBytes);
    driver.prepare();
    return driver;
  }

  private static AttemptSpec spec(String script) {
    return spec("sh", List.of("-c", script));
  }

  private static AttemptSpec spec(String command, List<String> args) {
    return new AttemptSpec(
        "job-1/1",
        "job-1",
        1,
        command,
        args,
        Map.of("GREETING", "it's \"quoted\" $HOME `x`\nsecond line"),
        List.of(0),
        null);
  }

  private static String sh(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", command).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }
}
