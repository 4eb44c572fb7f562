package io.lastmile.controlplane.energy;

/** Why a price message was refused; each reason is counted and named in the dead-letter record. */
public enum PriceRejection {
  /** Not a JSON object. */
  MALFORMED_JSON,
  /** A required field is absent or empty. */
  MISSING_FIELD,
  /** A field is present but its value is out of range or of the wrong form. */
  BAD_VALUE,
  /** The interval does not start on a whole hour or does not span whole hours. */
  UNSUPPORTED_INTERVAL,
  /** The currency has no exchange rate to the book's currency. */
  UNKNOWN_CURRENCY
}
