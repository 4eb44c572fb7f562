package io.lastmile.controlplane.api.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lastmile.controlplane.domain.LastmileException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Domain errors as HTTP statuses with a JSON body naming the problem, as gRPC does: the same kinds,
 * the same messages. Anything unexpected is a 500 with a reference the operator finds in the log.
 */
public class RestErrors {
  private static final Logger LOG = Logger.getLogger(RestErrors.class);

  /**
   * The body of every error response; {@code field} names the request field at fault, or is null.
   */
  @RegisterForReflection
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Problem(int status, String error, String field) {
    public Problem(int status, String error) {
      this(status, error, null);
    }
  }

  @ServerExceptionMapper
  public Response domain(LastmileException e) {
    if (!e.clientMessage().equals(e.getMessage())) {
      LOG.warnf("REST: %s", e.getMessage());
    }
    int status = status(e.kind());
    Response.ResponseBuilder response =
        json(
            status,
            new Problem(
                status,
                e.clientMessage(),
                e.violation().map(LastmileException.FieldViolation::path).orElse(null)));
    if (!e.retryAfter().isZero()) {
      response.header(HttpHeaders.RETRY_AFTER, seconds(e.retryAfter()));
    }
    return response.build();
  }

  /** JAX-RS's own errors (unknown path, wrong method) keep their status; the rest is a 500. */
  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    if (e instanceof WebApplicationException web) {
      return web.getResponse();
    }
    String ref = UUID.randomUUID().toString().substring(0, 8);
    LOG.errorf(e, "REST call failed (reference %s)", ref);
    int status = Response.Status.INTERNAL_SERVER_ERROR.getStatusCode();
    return json(
            status,
            new Problem(
                status,
                "internal error (reference %s); the control plane log has the detail"
                    .formatted(ref)))
        .build();
  }

  /** Exhaustive on purpose: a new kind does not compile until it has a status. */
  static int status(LastmileException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, FAILED_PRECONDITION -> 409;
      case RESOURCE_EXHAUSTED -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  /** Retry-After counts whole seconds; round up so the client never retries too early. */
  private static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static Response.ResponseBuilder json(int status, Problem problem) {
    return Response.status(status).entity(problem).type("application/json");
  }
}
