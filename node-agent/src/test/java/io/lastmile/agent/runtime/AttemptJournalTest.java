package io.lastmile.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptJournalTest {
  @TempDir Path root;

  private final AttemptSpec spec =
      new AttemptSpec(
          "job-9/2",
          "job-9",
          1234,
          "python3",
          List.of("serve.py", "--port", "8000"),
          Map.of("SECRET", "not journalled"),
          List.of(0, 2),
          Duration.ofMinutes(5));

  @Test
  void finalStatusIsReadBackAfterARestartUntilForgotten() {
    AttemptJournal journal = new AttemptJournal(new ProcessDriver(root));
    journal.starting(spec);
    journal.finished(
        new AttemptStatus(
            spec, AttemptPhase.FAILED, 3, "exited with code 3", 1.25, Instant.now(), ""));

    List<AttemptJournal.Record> records = journal.readAll(root);

    assertThat(records).hasSize(1);
    AttemptJournal.Record r = records.get(0);
    assertThat(r.spec().attemptId()).isEqualTo("job-9/2");
    assertThat(r.spec().epoch()).isEqualTo(1234);
    assertThat(r.spec().args()).containsExactly("serve.py", "--port", "8000");
    assertThat(r.spec().gpuIndices()).containsExactly(0, 2);
    assertThat(r.spec().timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(r.spec().env()).isEmpty();
    assertThat(r.finalPhase()).isEqualTo(AttemptPhase.FAILED);
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.energyWh()).isEqualTo(1.25);

    journal.forget("job-9/2");
    assertThat(journal.readAll(root)).isEmpty();
  }

  @Test
  void attemptJournalledBeforeItsProcessStartedHasNoPid() {
    AttemptJournal journal = new AttemptJournal(new ProcessDriver(root));

    journal.starting(spec);

    assertThat(journal.readAll(root))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.pid()).isEqualTo(-1);
              assertThat(r.finalPhase()).isNull();
            });
  }
}
