package io.lastmile.controlplane.api;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.lastmile.controlplane.auth.PermissionDeniedException;
import io.lastmile.controlplane.auth.SubmitRateLimiter.RateLimitedException;
import io.lastmile.controlplane.auth.UnauthenticatedException;
import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.lastmile.controlplane.ha.NotLeaderException;
import io.lastmile.controlplane.store.FencedException;
import io.lastmile.controlplane.store.StoreException;
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

  public static StatusRuntimeException toStatus(Throwable error, String call) {
    Status status;
    if (error instanceof StatusRuntimeException sre) {
      return sre;
    } else if (error instanceof InvalidFieldException e) {
      status = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
    } else if (error instanceof NotFoundException e) {
      status = Status.NOT_FOUND.withDescription(e.getMessage());
    } else if (error instanceof RateLimitedException e) {
      return rateLimited(e);
    } else if (error instanceof UnauthenticatedException e) {
      status = Status.UNAUTHENTICATED.withDescription(e.getMessage());
    } else if (error instanceof PermissionDeniedException e) {
      status = Status.PERMISSION_DENIED.withDescription(e.getMessage());
    } else if (error instanceof ConflictException e) {
      status = Status.ALREADY_EXISTS.withDescription(e.getMessage());
    } else if (error instanceof PreconditionException e) {
      status = Status.FAILED_PRECONDITION.withDescription(e.getMessage());
    } else if (error instanceof NotLeaderException e) {
      // Followers answer like a briefly unavailable server: clients retry, the Service re-routes.
      status = Status.UNAVAILABLE.withDescription(e.getMessage());
    } else if (error instanceof StoreException || error instanceof FencedException) {
      // Nothing was written: the client may retry (with the same request_id) once the database
      // or the new leader answers.
      LOG.warnf("%s: %s", call, error.getMessage());
      status =
          Status.UNAVAILABLE.withDescription(
              "the control plane cannot write its state right now; retry shortly");
    } else {
      String ref = UUID.randomUUID().toString().substring(0, 8);
      LOG.errorf(error, "%s failed (reference %s)", call, ref);
      status =
          Status.INTERNAL.withDescription(
              "internal error (reference %s); the control plane log has the detail".formatted(ref));
    }
    return status.asRuntimeException();
  }

  /** RESOURCE_EXHAUSTED with a {@code google.rpc.RetryInfo} saying when to try again. */
  private static StatusRuntimeException rateLimited(RateLimitedException e) {
    long millis = e.retryAfter().toMillis();
    RetryInfo retry =
        RetryInfo.newBuilder()
            .setRetryDelay(
                com.google.protobuf.Duration.newBuilder()
                    .setSeconds(millis / 1000)
                    .setNanos((int) (millis % 1000) * 1_000_000))
            .build();
    return StatusProto.toStatusRuntimeException(
        com.google.rpc.Status.newBuilder()
            .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
            .setMessage(e.getMessage())
            .addDetails(Any.pack(retry))
            .build());
  }
}
