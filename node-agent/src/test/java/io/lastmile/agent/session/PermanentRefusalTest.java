package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermanentRefusalTest {
  /**
   * A credential refusal is for good at any time; a refused registration is for good, but a bad
   * message later in a session is not; the control plane being away is always retried.
   */
  @ParameterizedTest(name = "{0}: before registering {1}, after {2}")
  @CsvSource({
    "UNAUTHENTICATED, true, true",
    "PERMISSION_DENIED, true, true",
    "INVALID_ARGUMENT, true, false",
    "FAILED_PRECONDITION, true, false",
    "OK, false, false",
    "UNAVAILABLE, false, false",
    "DEADLINE_EXCEEDED, false, false",
    "CANCELLED, false, false",
    "INTERNAL, false, false",
    "RESOURCE_EXHAUSTED, false, false"
  })
  void whatEndsTheAgent(Status.Code code, boolean beforeRegistering, boolean afterRegistering) {
    assertThat(ControlPlaneSession.permanent(code, false)).isEqualTo(beforeRegistering);
    assertThat(ControlPlaneSession.permanent(code, true)).isEqualTo(afterRegistering);
  }
}
