package io.lastmile.controlplane.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API tokens the control plane accepts, known only by their SHA-256 hashes. A token is a random
 * 256-bit secret, so one unsalted hash is enough to keep a leaked configuration from revealing
 * tokens.
 */
public final class ApiTokens {
  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Caller> byHash = new HashMap<>();

  /**
   * Adds a token from its description {@code sha256,tenant,role}.
   *
   * @param name the token's name in logs and errors
   * @param where where the description came from, named in errors (a config key, a file and line)
   * @throws IllegalArgumentException naming {@code where} and the bad part
   */
  public ApiTokens add(String name, String description, String where) {
    String[] parts = description.split(",", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "%s: expected 'sha256,tenant,role', got %d fields".formatted(where, parts.length));
    }
    String hash = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
    if (!HASH.matcher(hash).matches()) {
      throw new IllegalArgumentException(
          "%s: '%s' is not a SHA-256 hash (64 hex digits); `lastmile tokens create` prints one"
              .formatted(where, parts[0].trim()));
    }
    String tenant = parts[1].trim();
    if (!TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException(
          "%s: tenant '%s' must be 1 to 63 characters of [a-z0-9-]".formatted(where, tenant));
    }
    Caller caller = new Caller(name, tenant, Role.parse(parts[2], where));
    if (byHash.putIfAbsent(hash, caller) != null) {
      throw new IllegalArgumentException("%s: the same token is configured twice".formatted(where));
    }
    return this;
  }

  public boolean isEmpty() {
    return byHash.isEmpty();
  }

  /** The caller of a token, if it is one of these. */
  public Optional<Caller> find(String token) {
    return Optional.ofNullable(byHash.get(sha256(token)));
  }

  /** A new random token, {@code lm_} and 43 URL-safe base64 characters. */
  public static String newToken() {
    return newSecret("lm_");
  }

  /** A new random 256-bit secret: {@code prefix} and 43 URL-safe base64 characters. */
  public static String newSecret(String prefix) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** The hex SHA-256 of a token, as configured. */
  public static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
