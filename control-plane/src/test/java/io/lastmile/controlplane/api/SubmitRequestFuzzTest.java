package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.lastmile.api.v1.SubmitJobRequest;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.JobSpec;
import io.lastmile.controlplane.energy.LatencyMap;
import io.lastmile.controlplane.store.JsonCodec;
import java.util.List;

/**
 * Any bytes a client may send as a SubmitJob request: the validator either accepts them or refuses
 * them with the one domain error naming a field, never with anything else; what it accepts is
 * stored and read back unchanged. Without {@code JAZZER_FUZZ} this runs the inputs under {@code
 * SubmitRequestFuzzTestInputs} as ordinary tests; docs/development.md ("Fuzzing") says how to fuzz.
 */
class SubmitRequestFuzzTest {
  private static final SubmitValidator VALIDATOR =
      new SubmitValidator(
          LatencyMap.empty().with("de-fra", "fr-par", 9).with("de-fra", "sg-sin", 160),
          List.of("round-trip", "gpu-packing", "energy-cost"),
          new WorkloadLimits(16, 4096, 16, 4096));

  @FuzzTest(maxDuration = "45s")
  void anyRequestIsAcceptedOrRefusedNamingAFieldAndAcceptedSpecsRoundTrip(byte[] bytes) {
    SubmitJobRequest request;
    try {
      request = SubmitJobRequest.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      return; // gRPC refuses these before any of our code runs
    }
    JobSpec spec;
    try {
      VALIDATOR.requestId(request);
      spec = VALIDATOR.spec(request);
    } catch (InvalidFieldException e) {
      assertThat(e.field()).isNotBlank();
      assertThat(e.getMessage()).startsWith(e.field() + ": ").contains("(got ");
      return;
    }
    assertThat(JsonCodec.spec(JsonCodec.spec(spec))).isEqualTo(spec);
  }
}
