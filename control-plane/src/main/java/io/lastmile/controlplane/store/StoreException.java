package io.lastmile.controlplane.store;

import java.sql.SQLException;

/** The database failed or could not be reached; nothing of the failed write was kept. */
public final class StoreException extends RuntimeException {
  public StoreException(SQLException cause) {
    super("database error: " + cause.getMessage(), cause);
  }
}
