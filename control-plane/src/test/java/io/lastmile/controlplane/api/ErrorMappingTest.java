package io.lastmile.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.lastmile.controlplane.api.rest.RestErrors;
import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.DependencyUnavailableException;
import io.lastmile.controlplane.domain.FencedException;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.LastmileException;
import io.lastmile.controlplane.domain.LastmileException.Kind;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.NotLeaderException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.domain.RateLimitedException;
import io.lastmile.controlplane.domain.StoreException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every error a client can meet, through both mappers: the code, the status and the detail. */
class ErrorMappingTest {

  /** One instance of every permitted subclass, with the gRPC code and HTTP status it must get. */
  record Case(LastmileException error, Status.Code grpc, int http) {
    @Override
    public String toString() {
      return error.getClass().getSimpleName();
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            new InvalidFieldException("resources.gpu_count", -1, "must be at least 0"),
            Status.Code.INVALID_ARGUMENT,
            400),
        new Case(new NotFoundException("job", "job-1"), Status.Code.NOT_FOUND, 404),
        new Case(
            new ConflictException("request_id r-1 was used with another spec"),
            Status.Code.ALREADY_EXISTS,
            409),
        new Case(
            new PreconditionException("job job-1 has finished"),
            Status.Code.FAILED_PRECONDITION,
            409),
        new Case(
            new UnauthenticatedException("missing API token"), Status.Code.UNAUTHENTICATED, 401),
        new Case(
            new PermissionDeniedException("role viewer may not submit"),
            Status.Code.PERMISSION_DENIED,
            403),
        new Case(
            new RateLimitedException("acme", 2, Duration.ofMillis(1500)),
            Status.Code.RESOURCE_EXHAUSTED,
            429),
        new Case(new NotLeaderException("cp-2", "cp-1"), Status.Code.UNAVAILABLE, 503),
        new Case(
            new StoreException(new SQLException("connection refused")),
            Status.Code.UNAVAILABLE,
            503),
        new Case(new FencedException("sg-sin", 3, 4), Status.Code.UNAVAILABLE, 503),
        new Case(
            new DependencyUnavailableException("the Kubernetes API did not answer", null),
            Status.Code.UNAVAILABLE,
            503));
  }

  @Test
  void theCasesCoverEveryPermittedSubclassAndEveryKind() {
    Set<Class<?>> covered =
        cases().stream().map(c -> c.error().getClass()).collect(Collectors.toSet());
    assertThat(covered)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.asList(LastmileException.class.getPermittedSubclasses()));
    assertThat(cases().stream().map(c -> c.error().kind()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(Kind.class));
  }

  @Test
  void everyKindIsTheGrpcCodeOfTheSameName() {
    for (Kind kind : Kind.values()) {
      assertThat(GrpcErrors.code(kind).name()).isEqualTo(kind.name());
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void grpcAnswersTheKindsCodeWithTheClientMessage(Case c) {
    StatusRuntimeException status = GrpcErrors.toStatus(c.error(), "Test");

    assertThat(status.getStatus().getCode()).isEqualTo(c.grpc());
    assertThat(status.getStatus().getDescription()).isEqualTo(c.error().clientMessage());
  }

  @ParameterizedTest
  @MethodSource("cases")
  void restAnswersTheKindsStatusWithAProblemBody(Case c) {
    Response response = new RestErrors().domain(c.error());

    assertThat(response.getStatus()).isEqualTo(c.http());
    RestErrors.Problem problem = (RestErrors.Problem) response.getEntity();
    assertThat(problem.status()).isEqualTo(c.http());
    assertThat(problem.error()).isEqualTo(c.error().clientMessage());
    assertThat(Optional.ofNullable(problem.field()))
        .isEqualTo(c.error().violation().map(LastmileException.FieldViolation::path));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void aRetryHintGoesWithEveryErrorWhereWaitingHelps(Case c) throws Exception {
    boolean waitHelps = c.grpc() == Status.Code.RESOURCE_EXHAUSTED || c.http() == 503;
    Response response = new RestErrors().domain(c.error());
    Optional<RetryInfo> retry = detail(GrpcErrors.toStatus(c.error(), "Test"), RetryInfo.class);

    if (waitHelps) {
      long wait = c.error().retryAfter().toMillis();
      assertThat(retry).isPresent();
      assertThat(
              retry.get().getRetryDelay().getSeconds() * 1000
                  + retry.get().getRetryDelay().getNanos() / 1_000_000)
          .isEqualTo(wait);
      assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER))
          .isEqualTo(String.valueOf((wait + 999) / 1000));
    } else {
      assertThat(retry).isEmpty();
      assertThat(response.getHeaderString(HttpHeaders.RETRY_AFTER)).isNull();
    }
  }

  @Test
  void anInvalidFieldCarriesABadRequestFieldViolation() throws Exception {
    InvalidFieldException invalid =
        new InvalidFieldException("resources.gpu_count", -1, "must be at least 0");

    BadRequest bad = detail(GrpcErrors.toStatus(invalid, "Test"), BadRequest.class).orElseThrow();

    assertThat(bad.getFieldViolationsList())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getField()).isEqualTo("resources.gpu_count");
              assertThat(v.getDescription()).isEqualTo("must be at least 0 (got -1)");
            });
    assertThat(GrpcErrors.toStatus(invalid, "Test").getStatus().getDescription())
        .isEqualTo("resources.gpu_count: must be at least 0 (got -1)");
  }

  @Test
  void storeAndFencingDetailStaysInTheLog() {
    for (LastmileException e :
        List.of(
            new StoreException(new SQLException("password authentication failed")),
            new FencedException("sg-sin", 3, 4))) {
      assertThat(GrpcErrors.toStatus(e, "Test").getStatus().getDescription())
          .isEqualTo("the control plane cannot write its state right now; retry shortly");
      assertThat(((RestErrors.Problem) new RestErrors().domain(e).getEntity()).error())
          .isEqualTo("the control plane cannot write its state right now; retry shortly");
    }
  }

  @Test
  void anUnexpectedErrorIsInternalWithAReferenceNeverUnknown() {
    RuntimeException bug = new IllegalStateException("index 3 out of bounds");

    Status grpc = GrpcErrors.toStatus(bug, "Test").getStatus();
    Response rest = new RestErrors().unexpected(bug);

    assertThat(grpc.getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(grpc.getDescription())
        .matches(
            "internal error \\(reference [0-9a-f]{8}\\); the control plane log has the detail");
    assertThat(rest.getStatus()).isEqualTo(500);
    assertThat(((RestErrors.Problem) rest.getEntity()).error())
        .matches("internal error \\(reference [0-9a-f]{8}\\); the control plane log has the detail")
        .doesNotContain("index 3");
  }

  private static <T extends com.google.protobuf.Message> Optional<T> detail(
      StatusRuntimeException status, Class<T> type) throws InvalidProtocolBufferException {
    for (Any any : StatusProto.fromThrowable(status).getDetailsList()) {
      if (any.is(type)) {
        return Optional.of(any.unpack(type));
      }
    }
    return Optional.empty();
  }
}
