package io.lastmile.controlplane.domain;

/** The named object does not exist. */
public final class NotFoundException extends RuntimeException {
  public NotFoundException(String what, String id) {
    super("%s %s not found".formatted(what, id));
  }
}
