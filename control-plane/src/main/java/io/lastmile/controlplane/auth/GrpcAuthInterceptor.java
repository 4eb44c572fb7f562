package io.lastmile.controlplane.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Authenticates every call to the client services (jobs, nodes, prices) by its bearer token and
 * makes the caller available through {@link Callers#current()}. Agents are not clients: their
 * stream is authenticated separately.
 */
@ApplicationScoped
@GlobalInterceptor
public class GrpcAuthInterceptor implements ServerInterceptor {
  /** The header that carries {@code Bearer <token>}. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private static final Set<String> CLIENT_SERVICES =
      Set.of("lastmile.v1.JobService", "lastmile.v1.NodeService", "lastmile.v1.PriceService");

  @Inject Authenticator authenticator;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!CLIENT_SERVICES.contains(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    Caller caller;
    try {
      caller = authenticator.authenticate(headers.get(AUTHORIZATION));
    } catch (UnauthenticatedException e) {
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(
        Context.current().withValue(Callers.KEY, caller), call, headers, next);
  }
}
