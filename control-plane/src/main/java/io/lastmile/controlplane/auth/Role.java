package io.lastmile.controlplane.auth;

import java.util.Locale;

/** What an API token may do: a tenant works with its own jobs; an operator runs the cluster. */
public enum Role {
  /** Submits, reads, watches, explains and cancels its own jobs; reads nodes and prices. */
  TENANT,
  /** Everything a tenant may do, on every tenant's jobs, plus cordon, uncordon and drain. */
  OPERATOR;

  /** Parses {@code tenant} or {@code operator}, naming the field and value when it is neither. */
  public static Role parse(String value, String field) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "%s: role '%s' is not tenant or operator".formatted(field, value));
    }
  }
}
