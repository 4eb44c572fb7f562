package io.lastmile.controlplane.domain;

/** The request contradicts an earlier one (for example a reused request_id with another spec). */
public final class ConflictException extends LastmileException {
  public ConflictException(String message) {
    super(Kind.ALREADY_EXISTS, message);
  }
}
