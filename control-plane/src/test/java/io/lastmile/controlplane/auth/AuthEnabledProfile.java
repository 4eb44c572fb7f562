package io.lastmile.controlplane.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A control plane that needs API tokens: two tenants and an operator. */
public class AuthEnabledProfile implements QuarkusTestProfile {
  public static final String ACME = "lm_test-acme-token";
  public static final String GLOBEX = "lm_test-globex-token";
  public static final String OPERATOR = "lm_test-operator-token";
  public static final String CAPPED = "lm_test-capped-token";

  /** Submissions each tenant may make at once; the refill is too slow to matter in a test. */
  public static final int BURST = 20;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "lastmile.auth.enabled", "true",
        "lastmile.auth.submit-rate.burst", String.valueOf(BURST),
        "lastmile.auth.submit-rate.per-second", "0.01",
        "lastmile.auth.tokens.capped", ApiTokens.sha256(CAPPED) + ",capped,tenant",
        "lastmile.auth.tokens.acme-ci", ApiTokens.sha256(ACME) + ",acme,tenant",
        "lastmile.auth.tokens.globex-ci", ApiTokens.sha256(GLOBEX) + ",globex,tenant",
        "lastmile.auth.tokens.ops", ApiTokens.sha256(OPERATOR) + ",ops,operator");
  }
}
