package io.lastmile.controlplane.domain;

/** A call without a valid API token. The message never contains the token. */
public final class UnauthenticatedException extends LastmileException {
  public UnauthenticatedException(String message) {
    super(Kind.UNAUTHENTICATED, message);
  }
}
