package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReportQueueTest {
  /** An application that is done once {@code apply} ran. */
  private static Supplier<CompletionStage<?>> now(Runnable apply) {
    return () -> {
      apply.run();
      return CompletableFuture.completedFuture(null);
    };
  }

  /** Runs what it is given only when told to, so the test sees what waits. */
  private static final class HeldExecutor implements Executor {
    final List<Runnable> held = new ArrayList<>();

    @Override
    public void execute(Runnable command) {
      held.add(command);
    }

    void runAll() {
      while (!held.isEmpty()) {
        held.remove(0).run();
      }
    }
  }

  @Test
  void appliesReportsInTheOrderTheyArrived() {
    HeldExecutor executor = new HeldExecutor();
    ReportQueue queue = new ReportQueue(executor, () -> {});
    List<String> applied = new ArrayList<>();
    queue.submit("a/1 RUNNING", now(() -> applied.add("a/1 RUNNING")));
    queue.submit("b/1 RUNNING", now(() -> applied.add("b/1 RUNNING")));
    queue.submit("a/1 SUCCEEDED", now(() -> applied.add("a/1 SUCCEEDED")));

    assertThat(applied).isEmpty();
    assertThat(executor.held).as("one drain for the whole queue").hasSize(1);
    executor.runAll();
    assertThat(applied).containsExactly("a/1 RUNNING", "b/1 RUNNING", "a/1 SUCCEEDED");
  }

  @Test
  void aReportSentAgainWhileTheFirstWaitsIsAppliedOnce() {
    HeldExecutor executor = new HeldExecutor();
    ReportQueue queue = new ReportQueue(executor, () -> {});
    List<String> applied = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queue.submit("a/1 SUCCEEDED", now(() -> applied.add("a/1 SUCCEEDED")));
    }
    assertThat(queue.waiting()).isOne();
    executor.runAll();
    assertThat(applied).containsExactly("a/1 SUCCEEDED");

    // Once applied, the same report (the agent heard no answer) is applied again.
    queue.submit("a/1 SUCCEEDED", now(() -> applied.add("a/1 SUCCEEDED again")));
    executor.runAll();
    assertThat(applied).containsExactly("a/1 SUCCEEDED", "a/1 SUCCEEDED again");
  }

  @Test
  void aFailingReportDoesNotStopTheOnesAfterIt() {
    HeldExecutor executor = new HeldExecutor();
    ReportQueue queue = new ReportQueue(executor, () -> {});
    List<String> applied = new ArrayList<>();
    queue.submit(
        "a/1 FAILED",
        () -> {
          throw new IllegalStateException("boom");
        });
    queue.submit("b/1 RUNNING", now(() -> applied.add("b/1 RUNNING")));
    executor.runAll();
    assertThat(applied).containsExactly("b/1 RUNNING");
  }

  @Test
  void aFullQueueSaysSoAndCallsBackOnceOneReportIsApplied() {
    HeldExecutor executor = new HeldExecutor();
    List<String> rooms = new ArrayList<>();
    ReportQueue queue = new ReportQueue(executor, () -> rooms.add("room"));
    for (int i = 1; i < ReportQueue.MAX_WAITING; i++) {
      assertThat(queue.submit("a/" + i + " RUNNING", now(() -> {}))).as("report %d", i).isTrue();
    }
    assertThat(queue.submit("last RUNNING", now(() -> {})))
        .as("the report that fills it")
        .isFalse();
    assertThat(queue.waiting()).isEqualTo(ReportQueue.MAX_WAITING);
    assertThat(rooms).isEmpty();

    executor.runAll();
    assertThat(rooms).as("called back once, when the first waiting report is applied").hasSize(1);
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void theNextReportWaitsUntilTheLastIsAppliedWhileTheThreadIsFree() {
    HeldExecutor executor = new HeldExecutor();
    ReportQueue queue = new ReportQueue(executor, () -> {});
    List<String> applied = new ArrayList<>();
    CompletableFuture<Void> first = new CompletableFuture<>();
    queue.submit(
        "a/1 RUNNING",
        () -> {
          applied.add("a/1 RUNNING started");
          return first;
        });
    queue.submit("a/1 SUCCEEDED", now(() -> applied.add("a/1 SUCCEEDED")));

    executor.runAll();
    assertThat(applied).containsExactly("a/1 RUNNING started");
    assertThat(executor.held).as("no thread waits for the first").isEmpty();

    first.complete(null);
    executor.runAll();
    assertThat(applied).containsExactly("a/1 RUNNING started", "a/1 SUCCEEDED");
    assertThat(queue.waiting()).isZero();
  }
}
