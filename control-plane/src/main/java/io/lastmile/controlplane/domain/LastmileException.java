package io.lastmile.controlplane.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Every error a client may be told about: a {@link Kind} that the gRPC and REST mappers turn into a
 * status, a message, and for invalid requests the field at fault. Sealed so that a new error is a
 * new kind the mappers must handle, not an exception they silently answer as INTERNAL.
 */
public abstract sealed class LastmileException extends RuntimeException
    permits InvalidFieldException,
        NotFoundException,
        ConflictException,
        PreconditionException,
        UnauthenticatedException,
        PermissionDeniedException,
        RateLimitedException,
        NotLeaderException,
        StoreException,
        FencedException,
        DependencyUnavailableException {

  /** What went wrong, as the client should react to it. */
  public enum Kind {
    /** The request itself is wrong; retrying it unchanged fails again. */
    INVALID_ARGUMENT,
    /** The named object does not exist. */
    NOT_FOUND,
    /** The request contradicts an earlier one. */
    ALREADY_EXISTS,
    /** The object's state does not allow the request. */
    FAILED_PRECONDITION,
    /** The caller has no valid credentials. */
    UNAUTHENTICATED,
    /** The caller is known but may not make the request. */
    PERMISSION_DENIED,
    /** The caller asks too often; {@link #retryAfter()} says when it may again. */
    RESOURCE_EXHAUSTED,
    /** This control plane cannot answer right now; the same request may succeed shortly. */
    UNAVAILABLE
  }

  /** The request field at fault (a dotted path such as {@code resources.gpus}) and why. */
  public record FieldViolation(String path, String description) {}

  private final Kind kind;
  private final FieldViolation violation;

  protected LastmileException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  protected LastmileException(
      Kind kind, String message, FieldViolation violation, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.violation = violation;
  }

  public final Kind kind() {
    return kind;
  }

  /** The field at fault, for errors about one field of a request. */
  public final Optional<FieldViolation> violation() {
    return Optional.ofNullable(violation);
  }

  /**
   * What the client is told. The message itself, unless it holds detail only the operator should
   * see (the mappers then log it).
   */
  public String clientMessage() {
    return getMessage();
  }

  /**
   * How long the client should wait before it tries the same request again; zero where waiting does
   * not help.
   */
  public Duration retryAfter() {
    return Duration.ZERO;
  }
}
