package io.lastmile.controlplane.auth;

/** A call without a valid API token. The message never contains the token. */
public final class UnauthenticatedException extends RuntimeException {
  public UnauthenticatedException(String message) {
    super(message);
  }
}
