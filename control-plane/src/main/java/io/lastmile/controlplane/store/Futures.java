package io.lastmile.controlplane.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for the asynchronous writes of the store from code that blocks. */
public final class Futures {
  private Futures() {}

  /** The future's value; its error rethrown as it was raised, not wrapped. */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
