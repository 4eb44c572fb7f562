package io.lastmile.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lastmile.api.v1.Job;
import io.lastmile.api.v1.JobState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {
  private final StringWriter printed = new StringWriter();
  private final Output output = new Output(new PrintWriter(printed), ClientOptions.Format.table);

  @Test
  void tableCellsPrintControlAndBidirectionalCharactersAsEscapes() {
    Job job =
        Job.newBuilder()
            .setId("job-1")
            .setState(JobState.JOB_STATE_FAILED)
            .setMessage("exited with \u001b[2J\u202Egnp.exe\nsecond line")
            .build();

    output.jobs(List.of(job));

    String text = printed.toString();
    assertThat(text).contains("exited with \\u001B[2J\\u202Egnp.exe\\u000Asecond line");
    assertThat(text).doesNotContain("\u001b").doesNotContain("\u202E");
    assertThat(text.lines()).hasSize(2);
  }

  @Test
  void aLogTailKeepsItsLinesButNotItsTerminalEscapes() {
    Job job =
        Job.newBuilder()
            .setId("job-1")
            .setAttemptId("job-1/1")
            .setLogTail("loading\r\n\u001b]0;owned\u0007done\n")
            .build();

    output.logTail(job);

    assertThat(printed.toString())
        .contains("loading\n\\u001B]0;owned\\u0007done\n")
        .doesNotContain("\u001b")
        .doesNotContain("\u0007");
  }
}
