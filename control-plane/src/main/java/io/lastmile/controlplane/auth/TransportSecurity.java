package io.lastmile.controlplane.auth;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Checks the listeners' TLS settings at start: says loudly when a listener is plaintext (the
 * declared development mode), and refuses to start when agents must present client certificates but
 * the gRPC server cannot ask for them.
 */
@ApplicationScoped
public class TransportSecurity {
  private static final Logger LOG = Logger.getLogger(TransportSecurity.class);

  void check(
      @Observes StartupEvent start,
      Config config,
      AuthConfig auth,
      TlsConfigurationRegistry registry) {
    boolean grpcTls =
        config.getOptionalValue("quarkus.grpc.server.ssl.certificate", String.class).isPresent()
            || config
                .getOptionalValue("quarkus.grpc.server.ssl.key-store", String.class)
                .isPresent();
    boolean httpTls =
        registry.getDefault().map(tls -> tls.getKeyStore() != null).orElse(false)
            || config
                .getOptionalValue("quarkus.http.tls-configuration-name", String.class)
                .isPresent();
    String clientAuth =
        config
            .getOptionalValue("quarkus.grpc.server.ssl.client-auth", String.class)
            .orElse("NONE")
            .toUpperCase(Locale.ROOT);
    if (auth.requireAgentCertificate()
        && (!grpcTls
            || clientAuth.equals("NONE")
            || config
                .getOptionalValue("quarkus.grpc.server.ssl.trust-store", String.class)
                .isEmpty())) {
      throw new IllegalStateException(
          "lastmile.auth.require-agent-certificate is true but the gRPC server does not ask for"
              + " client certificates: set quarkus.grpc.server.ssl.certificate and .key,"
              + " quarkus.grpc.server.ssl.trust-store (the agents' CA) and"
              + " quarkus.grpc.server.ssl.client-auth=REQUEST (docs/security.md)");
    }
    String insecure =
        config.getOptionalValue("quarkus.http.insecure-requests", String.class).orElse("enabled");
    boolean httpPlain = !httpTls || insecure.equalsIgnoreCase("enabled");
    if (!grpcTls || httpPlain) {
      LOG.warnf(
          "\n*****************************************************************************\n"
              + "*  PLAINTEXT LISTENERS (%s%s)\n"
              + "*  Tokens and credentials cross the network in the clear: development only,\n"
              + "*  or behind a TLS-terminating proxy. Configure TLS: docs/security.md.\n"
              + "*****************************************************************************",
          grpcTls ? "" : "gRPC", httpPlain ? (grpcTls ? "HTTP" : ", HTTP") : "");
    } else {
      LOG.infof(
          "TLS on the gRPC and HTTP listeners; agent client certificates %s",
          auth.requireAgentCertificate() ? "required" : "not required");
    }
  }
}
