package io.lastmile.controlplane.domain;

import java.time.Duration;

/**
 * A service the control plane needs for the request (the Kubernetes API, for example) failed or
 * could not be reached; nothing was changed and the same request may succeed shortly.
 */
public final class DependencyUnavailableException extends LastmileException {
  public DependencyUnavailableException(String message, Throwable cause) {
    super(Kind.UNAVAILABLE, message, null, cause);
  }

  @Override
  public Duration retryAfter() {
    return Duration.ofSeconds(2);
  }
}
