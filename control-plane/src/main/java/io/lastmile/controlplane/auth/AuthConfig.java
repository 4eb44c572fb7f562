package io.lastmile.controlplane.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * API tokens and agent certificates (docs/security.md).
 *
 * <p>Client authentication settings under {@code lastmile.auth.*}; {@code docs/configuration.md} is
 * generated from this Javadoc.
 */
@ConfigMapping(prefix = "lastmile.auth")
public interface AuthConfig {

  /**
   * Whether client calls (gRPC {@code JobService}, {@code NodeService}, {@code PriceService}; REST
   * {@code /api/v1}) need an API token. Off is development mode: every caller is an operator,
   * submissions are not rate-limited, and the control plane says so loudly at start. On with no
   * token configured, the control plane does not start.
   */
  @WithDefault("true")
  boolean enabled();

  /**
   * API tokens by name, each {@code sha256,tenant,role}: the token's SHA-256 in hex, its tenant,
   * and role {@code tenant} or {@code operator}. {@code lastmile tokens create} prints one.
   */
  Map<String, String> tokens();

  /**
   * A file of more tokens, one {@code name=sha256,tenant,role} per line, {@code #} comments; read
   * at start. Unset: none.
   */
  Optional<String> tokensFile();

  /**
   * Whether agents must present a TLS client certificate that the gRPC server's trust store accepts
   * (mutual TLS). Needs {@code quarkus.grpc.server.ssl.client-auth=REQUEST} (clients then need
   * none) or {@code REQUIRED} (every caller needs one) and a trust store, or the control plane does
   * not start.
   */
  @WithDefault("false")
  boolean requireAgentCertificate();

  /** How fast each tenant may submit jobs. */
  SubmitRate submitRate();

  /** A token bucket per tenant. */
  interface SubmitRate {
    /** Jobs a second each tenant may submit, sustained (with authentication on). */
    @WithDefault("50")
    double perSecond();

    /** Jobs a tenant may submit at once before the rate applies. */
    @WithDefault("200")
    int burst();
  }
}
