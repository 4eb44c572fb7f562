package io.lastmile.agent.session;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.lastmile.agent.config.AgentConfig;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;

/** How the agent's channel is secured, from {@code lastmile.agent.tls.*}; fails fast when wrong. */
public final class ControlPlaneTls {
  private static final Logger LOG = Logger.getLogger(ControlPlaneTls.class);

  private ControlPlaneTls() {}

  public static ChannelCredentials credentials(AgentConfig.Tls tls) {
    if (!tls.enabled()) {
      LOG.warn(
          "dialling the control plane in PLAINTEXT (lastmile.agent.tls.enabled=false):"
              + " development only; see docs/agent-install.md for TLS");
      return InsecureChannelCredentials.create();
    }
    TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
    try {
      if (tls.caFile().isPresent()) {
        b.trustManager(readable("lastmile.agent.tls.ca-file", tls.caFile().get()));
      }
      if (tls.certificateFile().isPresent() != tls.keyFile().isPresent()) {
        throw new IllegalArgumentException(
            "lastmile.agent.tls.certificate-file and lastmile.agent.tls.key-file go together: set"
                + " both for mutual TLS, or neither");
      }
      if (tls.certificateFile().isPresent()) {
        b.keyManager(
            readable("lastmile.agent.tls.certificate-file", tls.certificateFile().get()),
            readable("lastmile.agent.tls.key-file", tls.keyFile().get()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the agent's TLS files: " + e.getMessage(), e);
    }
    return b.build();
  }

  private static File readable(String key, String path) {
    File f = new File(path);
    if (!f.canRead()) {
      throw new IllegalArgumentException("%s: cannot read '%s'".formatted(key, path));
    }
    return f;
  }
}
