package io.lastmile.controlplane.energy;

/** A price message that cannot be accepted; the message names the field and the value. */
public final class InvalidPriceException extends RuntimeException {
  private final PriceRejection reason;

  public InvalidPriceException(PriceRejection reason, String message) {
    super(message);
    this.reason = reason;
  }

  public PriceRejection reason() {
    return reason;
  }
}
