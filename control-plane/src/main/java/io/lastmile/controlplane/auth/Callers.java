package io.lastmile.controlplane.auth;

import io.grpc.Context;
import io.lastmile.controlplane.domain.UnauthenticatedException;

/** The caller of the gRPC call in progress, as {@link GrpcAuthInterceptor} found it. */
public final class Callers {
  static final Context.Key<Caller> KEY = Context.key("lastmile-caller");

  private Callers() {}

  /** The current call's caller; refuses the call when none was established. */
  public static Caller current() {
    Caller caller = KEY.get();
    if (caller == null) {
      // Fails closed: a call that bypassed the interceptor is nobody.
      throw new UnauthenticatedException("no authenticated caller for this call");
    }
    return caller;
  }
}
