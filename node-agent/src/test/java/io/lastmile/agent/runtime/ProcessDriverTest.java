package io.lastmile.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessDriverTest {
  @TempDir Path root;

  private AttemptSpec spec(String script, List<Integer> gpus) {
    return new AttemptSpec(
        "job-1/1", "job-1", 7, "sh", List.of("-c", script), Map.of("GREETING", "hi"), gpus, null);
  }

  @Test
  void workloadSeesOnlyItsDeclaredEnvironmentAndItsGpus() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);

    Process p = driver.start(spec("env | sort", List.of(1, 3)));
    p.waitFor();

    List<String> env = Files.readAllLines(driver.runDir("job-1/1").resolve("stdout.log"));
    assertThat(env)
        .contains(
            "GREETING=hi",
            "CUDA_VISIBLE_DEVICES=1,3",
            "NVIDIA_VISIBLE_DEVICES=1,3",
            "LASTMILE_JOB_ID=job-1",
            "LASTMILE_ATTEMPT_ID=job-1/1",
            "HOME=" + driver.workDir("job-1/1"),
            "PATH=" + ProcessDriver.DEFAULT_PATH);
    assertThat(env).noneMatch(line -> line.startsWith("JAVA_HOME=") || line.startsWith("USER="));
  }

  @Test
  void noGpusMeansNoneVisible() {
    Map<String, String> env = ProcessDriver.environment(spec("true", List.of()), root);

    assertThat(env)
        .containsEntry("CUDA_VISIBLE_DEVICES", "")
        .containsEntry("NVIDIA_VISIBLE_DEVICES", "void");
  }

  @Test
  void exitCodeIsRecordedForAReturningAgent() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);

    Process p = driver.start(spec("exit 42", List.of()));

    assertThat(p.waitFor()).isEqualTo(42);
    assertThat(driver.recordedExitCode("job-1/1")).hasValue(42);
    assertThat(driver.recordedPid("job-1/1")).hasValue(p.pid());
  }

  @Test
  void stopReachesEveryProcessOfTheWorkload() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);
    Path grandchild = root.resolve("grandchild.pid");
    Process p = driver.start(spec("sleep 300 & echo $! > " + grandchild + "; wait", List.of()));
    await().until(() -> Files.exists(grandchild) && !Files.readString(grandchild).isBlank());
    long pid = Long.parseLong(Files.readString(grandchild).strip());

    driver.signal(p.toHandle(), false);

    assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
  }

  /** Stopping the group leaves the output copied while the workload shuts down: no SIGPIPE. */
  @Test
  void aWorkloadThatWritesWhileItStopsFinishesItsShutdown() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);
    Path ready = root.resolve("ready");
    String script =
        "trap 'i=0; while [ $i -lt 200 ]; do echo \"draining $i\" >&2; i=$((i+1)); done;"
            + " echo stopped; exit 143' TERM; touch "
            + ready
            + "; sleep 300 & wait";
    Process p = driver.start(spec(script, List.of()));
    await().until(() -> Files.exists(ready));

    driver.signal(p.toHandle(), false);

    assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit code (141 is SIGPIPE)").isEqualTo(143);
    Path run = driver.runDir("job-1/1");
    assertThat(Files.readAllLines(run.resolve("stdout.log"))).contains("stopped");
    assertThat(Files.readAllLines(run.resolve("stderr.log"))).contains("draining 199");
  }

  /**
   * Like {@code docker stop}: the main process alone gets SIGTERM and shuts down in its own order,
   * its children meanwhile untouched; what it leaves running gets SIGTERM once it has ended.
   */
  @Test
  void theMainProcessStopsFirstAndWhatItLeavesStopsAfterIt() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);
    Path ready = root.resolve("ready");
    Path order = root.resolve("order");
    String script =
        ("( trap 'echo child-stopped >> %1$s; exit 0' TERM; while :; do sleep 0.1; done ) &"
                + " trap 'echo main-stopping >> %1$s; sleep 0.5; echo main-stopped >> %1$s;"
                + " exit 143' TERM; touch %2$s; wait")
            .formatted(order, ready);
    Process p = driver.start(spec(script, List.of()));
    await().until(() -> Files.exists(ready));

    driver.signal(p.toHandle(), false);

    assertThat(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> Files.readAllLines(order).contains("child-stopped"));
    assertThat(Files.readAllLines(order))
        .containsExactly("main-stopping", "main-stopped", "child-stopped");
    assertThat(driver.recordedExitCode("job-1/1")).hasValue(143);
  }

  /**
   * A workload that ends at once keeps its output: the copiers must already ignore the SIGTERM the
   * wrapper sends what is left in the group, not set that up once they run (a race that lost about
   * one output in 200).
   */
  @Test
  void theOutputOfWorkloadsThatEndAtOnceIsKept() throws Exception {
    ProcessDriver driver = new ProcessDriver(root);
    List<Integer> lost = new java.util.ArrayList<>();
    for (int i = 0; i < 300; i++) {
      AttemptSpec spec =
          new AttemptSpec(
              "job-1/" + i, "job-1", i, "echo", List.of("run " + i), Map.of(), List.of(), null);
      assertThat(driver.start(spec).waitFor()).isZero();
      if (!driver.logTail(spec.attemptId()).equals("run " + i + "\n")) {
        lost.add(i);
      }
    }
    assertThat(lost).as("runs whose output was lost").isEmpty();
  }
}
