package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lastmile.agent.runtime.AttemptControl;
import io.lastmile.agent.runtime.AttemptSpec;
import io.lastmile.agent.runtime.WorkloadLimits;
import io.lastmile.api.v1.AttemptState;
import io.lastmile.api.v1.AttemptStatus;
import io.lastmile.api.v1.ControlMessage;
import io.lastmile.api.v1.Registered;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Any bytes the control plane's stream could deliver: the dispatcher never lets an exception out,
 * and an assignment either reaches the runtime satisfying every limit or is refused with a FAILED
 * status, never both. The runtime here records what it is asked to start instead of spawning
 * fuzzer-made commands. Without {@code JAZZER_FUZZ} this runs the inputs under {@code
 * ControlMessageFuzzTestInputs} as ordinary tests; docs/development.md ("Fuzzing") says how to
 * fuzz.
 */
class ControlMessageFuzzTest {
  private static final WorkloadLimits LIMITS = new WorkloadLimits(8, 1024, 8, 1024);

  /** Millions of refusals would be logged while fuzzing; held so the setting is not collected. */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger(ControlDispatcher.class.getName());

  static {
    QUIET.setLevel(java.util.logging.Level.SEVERE);
  }

  @FuzzTest(maxDuration = "45s")
  void anyControlMessageIsHandledWithoutEscapingAndStartsOnlyValidAssignments(byte[] bytes) {
    ControlMessage message;
    try {
      message = ControlMessage.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return; // gRPC refuses these before the agent sees them
    }
    Recorder runtime = new Recorder();
    List<AttemptStatus> refused = new ArrayList<>();
    List<Registered> registered = new ArrayList<>();
    ControlDispatcher dispatcher =
        new ControlDispatcher(runtime, LIMITS, registered::add, refused::add);

    dispatcher.dispatch(message);

    if (message.getBodyCase() != ControlMessage.BodyCase.ASSIGN) {
      assertThat(runtime.started).isEmpty();
      assertThat(refused).isEmpty();
      return;
    }
    assertThat(runtime.started.size() + refused.size())
        .isLessThanOrEqualTo(1)
        .isEqualTo(message.getAssign().getAttemptId().isEmpty() ? runtime.started.size() : 1);
    runtime.started.forEach(ControlMessageFuzzTest::withinLimits);
    for (AttemptStatus s : refused) {
      assertThat(s.getState()).isEqualTo(AttemptState.ATTEMPT_STATE_FAILED);
      assertThat(s.getMessage()).startsWith("refused by the agent: ");
      message.getAssign().getWorkload().getEnvMap().values().stream()
          .filter(v -> v.length() >= 8)
          .forEach(secret -> assertThat(s.getMessage()).doesNotContain(secret));
    }
  }

  /** What may reach the runtime, checked independently of the dispatcher's own rules. */
  private static void withinLimits(AttemptSpec spec) {
    assertThat(spec.attemptId()).matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    assertThat(spec.jobId()).isNotEmpty();
    assertThat(spec.command()).isNotBlank().doesNotContain("\0");
    assertThat(spec.args()).hasSizeLessThanOrEqualTo(LIMITS.maxArgs());
    assertThat(spec.args()).allSatisfy(a -> assertThat(a).doesNotContain("\0"));
    assertThat(spec.args().stream().mapToInt(a -> a.getBytes(StandardCharsets.UTF_8).length).sum())
        .isLessThanOrEqualTo(LIMITS.maxArgsBytes());
    assertThat(spec.env()).hasSizeLessThanOrEqualTo(LIMITS.maxEnvEntries());
    long envBytes = 0;
    for (Map.Entry<String, String> e : spec.env().entrySet()) {
      assertThat(e.getKey()).matches("[A-Za-z_][A-Za-z0-9_]*");
      assertThat(e.getValue()).doesNotContain("\0");
      envBytes += e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(envBytes).isLessThanOrEqualTo(LIMITS.maxEnvBytes());
    assertThat(spec.gpuIndices())
        .doesNotHaveDuplicates()
        .allSatisfy(i -> assertThat(i).isNotNegative());
    if (spec.timeout() != null) {
      assertThat(spec.timeout().isNegative() || spec.timeout().isZero()).isFalse();
      assertThat(spec.timeout().toMillis()).isNotNegative();
    }
  }

  /** A runtime that records what it is asked to do. */
  private static final class Recorder implements AttemptControl {
    final List<AttemptSpec> started = new ArrayList<>();

    @Override
    public void start(AttemptSpec spec) {
      started.add(spec);
    }

    @Override
    public void cancel(String attemptId, String reason, java.time.Duration grace) {}

    @Override
    public void acknowledged(String attemptId) {}
  }
}
