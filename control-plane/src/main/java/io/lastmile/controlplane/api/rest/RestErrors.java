package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.auth.PermissionDeniedException;
import io.lastmile.controlplane.auth.UnauthenticatedException;
import io.lastmile.controlplane.domain.ConflictException;
import io.lastmile.controlplane.domain.InvalidFieldException;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PreconditionException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Domain errors as HTTP statuses with a JSON body naming the problem, as gRPC does. */
public class RestErrors {

  /** The body of every error response. */
  @RegisterForReflection
  public record Problem(int status, String error) {}

  @ServerExceptionMapper
  public Response invalid(InvalidFieldException e) {
    return problem(Response.Status.BAD_REQUEST, e);
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return problem(Response.Status.NOT_FOUND, e);
  }

  @ServerExceptionMapper
  public Response unauthenticated(UnauthenticatedException e) {
    return problem(Response.Status.UNAUTHORIZED, e);
  }

  @ServerExceptionMapper
  public Response denied(PermissionDeniedException e) {
    return problem(Response.Status.FORBIDDEN, e);
  }

  @ServerExceptionMapper
  public Response conflict(ConflictException e) {
    return problem(Response.Status.CONFLICT, e);
  }

  @ServerExceptionMapper
  public Response precondition(PreconditionException e) {
    return problem(Response.Status.CONFLICT, e);
  }

  private static Response problem(Response.Status status, RuntimeException e) {
    return Response.status(status)
        .entity(new Problem(status.getStatusCode(), e.getMessage()))
        .type("application/json")
        .build();
  }
}
