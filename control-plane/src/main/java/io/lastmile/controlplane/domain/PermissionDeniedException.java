package io.lastmile.controlplane.domain;

/** The caller is known but its role does not allow the call. */
public final class PermissionDeniedException extends LastmileException {
  public PermissionDeniedException(String message) {
    super(Kind.PERMISSION_DENIED, message);
  }
}
