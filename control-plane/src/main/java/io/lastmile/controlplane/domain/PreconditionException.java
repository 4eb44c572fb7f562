package io.lastmile.controlplane.domain;

/** The object's state does not allow the request (for example cancelling a finished job). */
public final class PreconditionException extends LastmileException {
  public PreconditionException(String message) {
    super(Kind.FAILED_PRECONDITION, message);
  }
}
