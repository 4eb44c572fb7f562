package io.lastmile.controlplane.domain;

/** The named object does not exist. */
public final class NotFoundException extends LastmileException {
  public NotFoundException(String what, String id) {
    super(Kind.NOT_FOUND, "%s %s not found".formatted(what, id));
  }
}
