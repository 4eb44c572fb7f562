package io.lastmile.controlplane.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** Client authentication settings under {@code lastmile.auth.*}; documented in the README. */
@ConfigMapping(prefix = "lastmile.auth")
public interface AuthConfig {

  /**
   * Whether client calls need an API token. Off is development mode: every caller is an operator,
   * and the control plane says so loudly at start.
   */
  @WithDefault("true")
  boolean enabled();

  /** Tokens by name, each {@code sha256,tenant,role}. */
  Map<String, String> tokens();

  /** A file of more tokens, one {@code name=sha256,tenant,role} per line; {@code #} comments. */
  Optional<String> tokensFile();

  /**
   * Whether agents must present a TLS client certificate that the gRPC server's trust store accepts
   * (mutual TLS). Needs {@code quarkus.grpc.server.ssl.client-auth=REQUEST} (clients then need
   * none) or {@code REQUIRED} (every caller needs one) and a trust store.
   */
  @WithDefault("false")
  boolean requireAgentCertificate();

  /** How fast each tenant may submit jobs. */
  SubmitRate submitRate();

  /** A token bucket per tenant. */
  interface SubmitRate {
    /** Submissions a second a tenant may sustain. */
    @WithDefault("50")
    double perSecond();

    /** Submissions a tenant may make at once. */
    @WithDefault("200")
    int burst();
  }
}
