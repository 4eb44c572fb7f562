package io.lastmile.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lastmile.controlplane.domain.Job;
import io.lastmile.controlplane.domain.NotFoundException;
import io.lastmile.controlplane.domain.PermissionDeniedException;
import io.lastmile.controlplane.domain.UnauthenticatedException;
import io.lastmile.controlplane.scheduler.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  private static final String TOKEN = "lm_acme-secret";

  private final Authenticator auth =
      new Authenticator(
          true, new ApiTokens().add("acme-ci", ApiTokens.sha256(TOKEN) + ",acme,tenant", "test"));

  @Test
  void bearerTokenNamesItsTenantAndRole() {
    assertThat(auth.authenticate("Bearer " + TOKEN))
        .isEqualTo(new Caller("acme-ci", "acme", Role.TENANT));
    assertThat(auth.authenticate("bearer  " + TOKEN).tenant()).isEqualTo("acme");
  }

  @Test
  void missingMalformedOrUnknownTokensAreRefusedWithoutEchoingThem() {
    assertThatThrownBy(() -> auth.authenticate(null))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("no API token");
    assertThatThrownBy(() -> auth.authenticate(TOKEN))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("not a bearer token")
        .hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> auth.authenticate("Bearer lm_guess"))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageNotContaining("lm_guess");
  }

  @Test
  void developmentModeMakesEveryCallerAnOperator() {
    assertThat(Authenticator.disabled().authenticate(null)).isEqualTo(Caller.DEVELOPMENT);
  }

  @Test
  void badTokenEntriesNameWhereAndWhat() {
    assertThatThrownBy(() -> new ApiTokens().add("x", "abc,acme,tenant", "lastmile.auth.tokens.x"))
        .hasMessageContaining("lastmile.auth.tokens.x")
        .hasMessageContaining("'abc' is not a SHA-256 hash");
    String hash = ApiTokens.sha256(TOKEN);
    assertThatThrownBy(() -> new ApiTokens().add("x", hash + ",acme,admin", "f line 3"))
        .hasMessageContaining("f line 3")
        .hasMessageContaining("role 'admin' is not tenant or operator");
    assertThatThrownBy(() -> new ApiTokens().add("x", hash + ",Acme Corp,tenant", "k"))
        .hasMessageContaining("tenant 'Acme Corp'");
    assertThatThrownBy(() -> new ApiTokens().add("x", hash, "k")).hasMessageContaining("got 1");
  }

  @Test
  void tokensFileSkipsCommentsAndNamesTheBadLine(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("tokens"),
            "# ops\n\nacme-ci=%s,acme,tenant\nbroken line\n".formatted(ApiTokens.sha256(TOKEN)));

    assertThatThrownBy(() -> AuthBeans.readFile(file, new ApiTokens()))
        .hasMessageContaining(file + " line 4")
        .hasMessageContaining("name=sha256,tenant,role");
    Files.writeString(file, "acme-ci=%s,acme,tenant\n".formatted(ApiTokens.sha256(TOKEN)));
    ApiTokens tokens = new ApiTokens();
    AuthBeans.readFile(file, tokens);
    assertThat(tokens.find(TOKEN)).isPresent();
  }

  @Test
  void withoutTokensTheStartUpErrorSaysWhichSecretToCreate(@TempDir Path dir) throws IOException {
    // As on Kubernetes before the Secret exists: its optional volume is an empty folder.
    Path missing = dir.resolve("api-tokens").resolve("tokens");
    assertThatThrownBy(() -> new AuthBeans().authenticator(config(missing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(missing + " holds none")
        .hasMessageContaining("lastmile tokens create")
        .hasMessageContaining("kubectl -n lastmile create secret generic lastmile-api-tokens");

    Files.createDirectories(missing.getParent());
    Files.writeString(missing, "acme-ci=%s,acme,tenant\n".formatted(ApiTokens.sha256(TOKEN)));
    assertThat(new AuthBeans().authenticator(config(missing)).authenticate("Bearer " + TOKEN))
        .isEqualTo(new Caller("acme-ci", "acme", Role.TENANT));
  }

  private static AuthConfig config(Path tokensFile) {
    return new AuthConfig() {
      @Override
      public boolean enabled() {
        return true;
      }

      @Override
      public Map<String, String> tokens() {
        return Map.of();
      }

      @Override
      public Optional<String> tokensFile() {
        return Optional.of(tokensFile.toString());
      }

      @Override
      public boolean requireAgentCertificate() {
        return false;
      }

      @Override
      public SubmitRate submitRate() {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void aTenantSeesOnlyItsOwnJobsAndAnOperatorAll() {
    Job acmeJob = Job.accepted("job-1", "r1", Fixtures.job().spec().ownedBy("acme"), Instant.EPOCH);
    Caller globex = new Caller("g", "globex", Role.TENANT);

    assertThat(new Caller("a", "acme", Role.TENANT).visible(acmeJob)).isSameAs(acmeJob);
    assertThatThrownBy(() -> globex.visible(acmeJob))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("job job-1 not found");
    assertThat(new Caller("o", "ops", Role.OPERATOR).visible(acmeJob)).isSameAs(acmeJob);
    assertThatThrownBy(() -> globex.requireOperator("DrainNode"))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("DrainNode needs the operator role");
  }

  @Test
  void newTokensAreRandomAndHashedNotStored() {
    String a = ApiTokens.newToken();
    assertThat(a).matches("lm_[A-Za-z0-9_-]{43}").isNotEqualTo(ApiTokens.newToken());
    assertThat(ApiTokens.sha256(a)).hasSize(64).doesNotContain(a);
  }
}
