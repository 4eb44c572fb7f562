package io.lastmile.controlplane.scheduler;

import java.util.Locale;

/**
 * Why one node cannot host a job, with the numbers that decided it.
 *
 * @param observed what the node offers, in the reason's unit
 * @param limit what the job asks for, in the same unit
 * @param subject the name the reason is about (a region, a jurisdiction, a label, a model)
 */
public record Rejection(RejectReason reason, double observed, double limit, String subject) {

  public static Rejection of(RejectReason reason) {
    return new Rejection(reason, 0, 0, "");
  }

  public static Rejection of(RejectReason reason, double observed, double limit) {
    return new Rejection(reason, observed, limit, "");
  }

  /** Readable phrase, for example "round trip from de-fra 182 ms over bound 50 ms". */
  public String describe() {
    return switch (reason) {
      case NODE_NOT_READY, NODE_CORDONED -> reason.template();
      case GPU_MODEL_MISMATCH, JURISDICTION_NOT_ALLOWED, ROUND_TRIP_UNKNOWN, LABEL_MISMATCH ->
          reason.template().formatted(subject);
      case ROUND_TRIP_OVER_BOUND ->
          reason.template().formatted(subject, number(observed), number(limit));
      default -> reason.template().formatted(number(observed), number(limit));
    };
  }

  /** Whole numbers as they are, others with up to two decimals ("0.22", "182.5"). */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String text = String.format(Locale.ROOT, "%.2f", value);
    return text.endsWith("0") ? text.substring(0, text.length() - 1) : text;
  }
}
