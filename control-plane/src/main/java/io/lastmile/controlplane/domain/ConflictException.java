package io.lastmile.controlplane.domain;

/** The request contradicts an earlier one (for example a reused request_id with another spec). */
public final class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
