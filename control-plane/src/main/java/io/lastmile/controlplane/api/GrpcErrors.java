package io.lastmile.controlplane.api;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.lastmile.controlplane.domain.LastmileException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The one mapping from domain errors to gRPC status codes. Anything unexpected becomes INTERNAL
 * with a reference the operator finds in the log; nothing reaches a client as UNKNOWN.
 */
public final class GrpcErrors {
  private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

  private GrpcErrors() {}

  /** Answers a unary call with {@code body}'s result, or with its error mapped to a status. */
  public static <T> void unary(String call, StreamObserver<T> out, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e, call));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  /**
   * Answers a unary call once {@code body}'s future completes, on the thread that completes it;
   * {@code body} runs on the calling thread and must not block.
   */
  public static <T> void unaryAsync(
      String call, StreamObserver<T> out, Supplier<CompletionStage<T>> body) {
    CompletionStage<T> pending;
    try {
      pending = body.get();
    } catch (RuntimeException e) {
      out.onError(toStatus(e, call));
      return;
    }
    pending.whenComplete(
        (response, error) -> {
          if (error != null) {
            out.onError(
                toStatus(error instanceof CompletionException ? error.getCause() : error, call));
            return;
          }
          out.onNext(response);
          out.onCompleted();
        });
  }

  /**
   * The status for {@code error}: a {@link LastmileException} by its kind, with a {@code
   * google.rpc.BadRequest} naming the field at fault and a {@code google.rpc.RetryInfo} where a
   * retry helps; anything else INTERNAL with a reference to the logged detail.
   */
  public static StatusRuntimeException toStatus(Throwable error, String call) {
    if (error instanceof StatusRuntimeException sre) {
      return sre;
    }
    if (error instanceof LastmileException e) {
      return toStatus(e, call);
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.errorf(error, "%s failed (reference %s)", call, ref);
    return Status.INTERNAL
        .withDescription(
            "internal error (reference %s); the control plane log has the detail".formatted(ref))
        .asRuntimeException();
  }

  static StatusRuntimeException toStatus(LastmileException e, String call) {
    if (!e.clientMessage().equals(e.getMessage())) {
      LOG.warnf("%s: %s", call, e.getMessage());
    }
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code(e.kind()).getNumber())
            .setMessage(e.clientMessage());
    e.violation().ifPresent(v -> status.addDetails(Any.pack(badRequest(v))));
    if (!e.retryAfter().isZero()) {
      status.addDetails(Any.pack(retryInfo(e.retryAfter())));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }

  /** Exhaustive on purpose: a new kind does not compile until it has a code. */
  static Code code(LastmileException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Code.INVALID_ARGUMENT;
      case NOT_FOUND -> Code.NOT_FOUND;
      case ALREADY_EXISTS -> Code.ALREADY_EXISTS;
      case FAILED_PRECONDITION -> Code.FAILED_PRECONDITION;
      case UNAUTHENTICATED -> Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Code.PERMISSION_DENIED;
      case RESOURCE_EXHAUSTED -> Code.RESOURCE_EXHAUSTED;
      // Followers and an unreachable database answer like a briefly unavailable server: clients
      // retry (with the same request_id), the Service re-routes to the leader.
      case UNAVAILABLE -> Code.UNAVAILABLE;
    };
  }

  private static BadRequest badRequest(LastmileException.FieldViolation v) {
    return BadRequest.newBuilder()
        .addFieldViolations(
            BadRequest.FieldViolation.newBuilder()
                .setField(v.path())
                .setDescription(v.description()))
        .build();
  }

  private static RetryInfo retryInfo(Duration wait) {
    long millis = wait.toMillis();
    return RetryInfo.newBuilder()
        .setRetryDelay(
            com.google.protobuf.Duration.newBuilder()
                .setSeconds(millis / 1000)
                .setNanos((int) (millis % 1000) * 1_000_000))
        .build();
  }
}
