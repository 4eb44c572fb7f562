package io.lastmile.controlplane.auth;

import io.lastmile.controlplane.domain.UnauthenticatedException;
import java.util.Locale;

/**
 * Turns an {@code authorization} header into a {@link Caller}, or refuses it. With authentication
 * off (development mode) every call is {@link Caller#DEVELOPMENT}.
 */
public final class Authenticator {
  private static final String SCHEME = "bearer ";
  private static final String HOW =
      "send 'authorization: Bearer <token>' (CLI: --token or LASTMILE_TOKEN)";

  private final boolean enabled;
  private final ApiTokens tokens;

  public Authenticator(boolean enabled, ApiTokens tokens) {
    this.enabled = enabled;
    this.tokens = tokens;
  }

  /** Development mode: every call is allowed. */
  public static Authenticator disabled() {
    return new Authenticator(false, new ApiTokens());
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * @param authorization the header's value; null when absent
   * @throws UnauthenticatedException when the header is missing, malformed or names no token
   */
  public Caller authenticate(String authorization) {
    if (!enabled) {
      return Caller.DEVELOPMENT;
    }
    String token = bearer(authorization, "no API token: " + HOW, HOW);
    return tokens
        .find(token)
        .orElseThrow(
            () ->
                new UnauthenticatedException(
                    "the API token is not valid; ask an operator for a token of your tenant"));
  }

  /**
   * The token of a {@code Bearer <token>} header.
   *
   * @param missing the error when there is no header
   * @param how what to send instead, for a header of another scheme
   */
  static String bearer(String authorization, String missing, String how) {
    if (authorization == null || authorization.isBlank()) {
      throw new UnauthenticatedException(missing);
    }
    if (authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      throw new UnauthenticatedException("the authorization header is not a bearer token: " + how);
    }
    return authorization.substring(SCHEME.length()).trim();
  }
}
