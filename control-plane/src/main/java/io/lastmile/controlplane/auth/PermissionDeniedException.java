package io.lastmile.controlplane.auth;

/** The caller is known but its role does not allow the call. */
public final class PermissionDeniedException extends RuntimeException {
  public PermissionDeniedException(String message) {
    super(message);
  }
}
