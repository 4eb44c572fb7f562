package io.lastmile.controlplane.domain;

import java.sql.SQLException;
import java.time.Duration;

/** The database failed or could not be reached; nothing of the failed write was kept. */
public final class StoreException extends LastmileException {
  public StoreException(SQLException cause) {
    super(Kind.UNAVAILABLE, "database error: " + cause.getMessage(), null, cause);
  }

  /** The database's own words are for the operator's log, not for clients. */
  @Override
  public String clientMessage() {
    return UNWRITABLE;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofSeconds(1);
  }

  /** Nothing was written: the client may retry (with the same request_id) shortly. */
  static final String UNWRITABLE =
      "the control plane cannot write its state right now; retry shortly";
}
