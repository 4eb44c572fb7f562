package io.lastmile.controlplane.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/** Reads the API tokens from configuration at start; bad entries stop start-up naming them. */
@Singleton
public class AuthBeans {
  private static final Logger LOG = Logger.getLogger(AuthBeans.class);

  /** The Secret the shipped Kubernetes manifests mount as the tokens file. */
  static final String TOKENS_SECRET = "lastmile-api-tokens";

  @Produces
  @Singleton
  Authenticator authenticator(AuthConfig config) {
    if (!config.enabled()) {
      return Authenticator.disabled();
    }
    ApiTokens tokens = new ApiTokens();
    new TreeMap<>(config.tokens())
        .forEach((name, value) -> tokens.add(name, value, "lastmile.auth.tokens." + name));
    config.tokensFile().ifPresent(file -> readFile(Path.of(file), tokens));
    if (tokens.isEmpty()) {
      throw new IllegalStateException(
          "lastmile.auth.enabled is true but no API tokens are configured%s: create one with"
                  .formatted(config.tokensFile().map(f -> " (" + f + " holds none)").orElse(""))
              + " `lastmile tokens create` and put its line in lastmile.auth.tokens-file or its"
              + " value in lastmile.auth.tokens.<name>, or set lastmile.auth.enabled=false for"
              + " development. On Kubernetes the file is the key `tokens` of the Secret "
              + TOKENS_SECRET
              + ": kubectl -n lastmile create secret generic "
              + TOKENS_SECRET
              + " --from-file=tokens=<file>, then kubectl -n lastmile rollout restart deployment"
              + " lastmile-control-plane (docs/kubernetes.md)");
    }
    return new Authenticator(true, tokens);
  }

  @Produces
  @Singleton
  SubmitRateLimiter submitRateLimiter(AuthConfig config) {
    if (!config.enabled()) {
      return SubmitRateLimiter.unlimited();
    }
    return new SubmitRateLimiter(
        config.submitRate().perSecond(), config.submitRate().burst(), System::currentTimeMillis);
  }

  void announce(@Observes StartupEvent start, Authenticator authenticator) {
    if (!authenticator.enabled()) {
      LOG.warn(
          "\n*****************************************************************************\n"
              + "*  DEVELOPMENT MODE: client authentication is OFF (lastmile.auth.enabled=false) *\n"
              + "*  Anyone who reaches the gRPC or HTTP port acts as an operator.              *\n"
              + "*****************************************************************************");
    }
  }

  static void readFile(Path file, ApiTokens into) {
    if (!Files.exists(file)) {
      // An optional Secret volume that is not there yet: the start-up error says what to create.
      LOG.errorf("lastmile.auth.tokens-file: %s does not exist", file);
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "lastmile.auth.tokens-file: cannot read %s: %s".formatted(file, e.getMessage()), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = "%s line %d".formatted(file, i + 1);
      int eq = line.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(where + ": expected 'name=sha256,tenant,role'");
      }
      into.add(line.substring(0, eq).strip(), line.substring(eq + 1), where);
    }
  }
}
