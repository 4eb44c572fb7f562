package io.lastmile.controlplane.domain;

/** The object's state does not allow the request (for example cancelling a finished job). */
public final class PreconditionException extends RuntimeException {
  public PreconditionException(String message) {
    super(message);
  }
}
