package io.lastmile.controlplane.auth;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Authenticates agents: with {@code lastmile.auth.require-agent-certificate} every agent call must
 * come over TLS with a client certificate the server trusts; with authentication on, {@code
 * Connect} must carry the node's credential, whose node is then {@link AgentIdentity#nodeId()}.
 * {@code Enroll} carries its single-use token in the request instead.
 */
@ApplicationScoped
@GlobalInterceptor
public class AgentAuthInterceptor implements ServerInterceptor {
  static final String SERVICE = "lastmile.v1.AgentService";
  private static final String CONNECT = SERVICE + "/Connect";

  @Inject Authenticator authenticator;
  @Inject NodeCredentials credentials;
  @Inject AuthConfig config;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!SERVICE.equals(call.getMethodDescriptor().getServiceName())) {
      return next.startCall(call, headers);
    }
    String nodeId = null;
    try {
      if (config.requireAgentCertificate()) {
        requireClientCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
      }
      if (authenticator.enabled()
          && CONNECT.equals(call.getMethodDescriptor().getFullMethodName())) {
        nodeId = credentials.authenticate(headers.get(GrpcAuthInterceptor.AUTHORIZATION));
      }
    } catch (UnauthenticatedException e) {
      call.close(Status.UNAUTHENTICATED.withDescription(e.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (nodeId == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(
        Context.current().withValue(AgentIdentity.NODE, nodeId), call, headers, next);
  }

  private static void requireClientCertificate(SSLSession session) {
    String how =
        "agents must present a TLS client certificate signed by a CA in the control plane's trust"
            + " store (lastmile.auth.require-agent-certificate=true): set"
            + " lastmile.agent.tls.certificate-file and lastmile.agent.tls.key-file";
    if (session == null) {
      throw new UnauthenticatedException("the connection is not TLS; " + how);
    }
    try {
      if (session.getPeerCertificates().length == 0) {
        throw new UnauthenticatedException("no client certificate; " + how);
      }
    } catch (SSLPeerUnverifiedException e) {
      throw new UnauthenticatedException("no client certificate; " + how);
    }
  }
}
