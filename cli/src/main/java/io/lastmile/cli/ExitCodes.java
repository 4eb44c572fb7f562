package io.lastmile.cli;

import io.grpc.Status;

/** Exit codes scripts can rely on; listed in {@code lastmile --help}. */
final class ExitCodes {
  static final int OK = 0;
  static final int INTERNAL = 1;
  static final int BAD_INPUT = 2;
  static final int NOT_FOUND = 3;
  static final int CONFLICT = 4;
  static final int UNAVAILABLE = 5;
  static final int DENIED = 6;
  static final int JOB_FAILED = 10;
  static final int JOB_CANCELLED = 11;

  private ExitCodes() {}

  static int of(Status.Code code) {
    return switch (code) {
      case INVALID_ARGUMENT, OUT_OF_RANGE -> BAD_INPUT;
      case NOT_FOUND -> NOT_FOUND;
      case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> CONFLICT;
      case UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED -> UNAVAILABLE;
      case UNAUTHENTICATED, PERMISSION_DENIED -> DENIED;
      default -> INTERNAL;
    };
  }
}
