package io.lastmile.controlplane.api.rest;

import io.lastmile.controlplane.auth.Authenticator;
import io.lastmile.controlplane.auth.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Authenticates every {@code /api/v1} request by its {@code Authorization: Bearer} header, as the
 * gRPC API does; resources read the caller with {@link #caller(ContainerRequestContext)}.
 */
public class RestAuthFilter {
  private static final String CALLER = "lastmile.caller";

  @Inject Authenticator authenticator;

  @ServerRequestFilter
  public void authenticate(ContainerRequestContext request) {
    if (request.getUriInfo().getPath().startsWith("/api/")) {
      request.setProperty(
          CALLER, authenticator.authenticate(request.getHeaderString(HttpHeaders.AUTHORIZATION)));
    }
  }

  /** The caller the filter established for this request. */
  static Caller caller(ContainerRequestContext request) {
    Object caller = request.getProperty(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no caller for " + request.getUriInfo().getPath());
    }
    return (Caller) caller;
  }
}
