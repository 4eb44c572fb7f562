package io.lastmile.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PermanentRefusalTest {
  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"UNAUTHENTICATED", "PERMISSION_DENIED"})
  void aCredentialRefusalIsForGoodBeforeAndAfterRegistering(Status.Code code) {
    assertThat(ControlPlaneSession.permanent(code, false)).isTrue();
    assertThat(ControlPlaneSession.permanent(code, true)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = Status.Code.class,
      names = {"INVALID_ARGUMENT", "FAILED_PRECONDITION"})
  void aRefusedRegistrationIsForGoodButALaterBadMessageIsNot(Status.Code code) {
    assertThat(ControlPlaneSession.permanent(code, false)).isTrue();
    assertThat(ControlPlaneSession.permanent(code, true)).isFalse();
  }

  @Test
  void theControlPlaneBeingAwayIsRetried() {
    for (Status.Code code :
        new Status.Code[] {
          Status.Code.OK,
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.CANCELLED,
          Status.Code.INTERNAL,
          Status.Code.RESOURCE_EXHAUSTED
        }) {
      assertThat(ControlPlaneSession.permanent(code, false)).as(code.name()).isFalse();
      assertThat(ControlPlaneSession.permanent(code, true)).as(code.name()).isFalse();
    }
  }
}
