package io.lastmile.bench.swarm;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of durations in buckets of about 3% width, so percentiles of millions of samples take a
 * fixed 7 KiB. Safe to record from any thread.
 */
final class LatencyHistogram {
  /** Below this many nanoseconds a bucket is one nanosecond wide. */
  private static final int LINEAR = 64;

  /** Buckets per power of two above {@link #LINEAR}. */
  private static final int SUB_BITS = 5;

  private final AtomicLongArray counts = new AtomicLongArray(LINEAR + (63 - 6) * (1 << SUB_BITS));

  void record(long nanos) {
    counts.incrementAndGet(bucket(Math.max(0, nanos)));
  }

  long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** The duration that {@code quantile} (0 to 1) of the samples do not exceed, in nanoseconds. */
  long percentileNanos(double quantile) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(counts.length() - 1);
  }

  static int bucket(long nanos) {
    if (nanos < LINEAR) {
      return (int) nanos;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(nanos);
    int sub = (int) (nanos >>> (exponent - SUB_BITS)) & ((1 << SUB_BITS) - 1);
    return LINEAR + (exponent - 6) * (1 << SUB_BITS) + sub;
  }

  /** The largest duration that falls in bucket {@code index}. */
  static long upperBound(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exponent = (index - LINEAR) / (1 << SUB_BITS) + 6;
    long sub = (index - LINEAR) % (1 << SUB_BITS);
    long low = ((1L << SUB_BITS) + sub) << (exponent - SUB_BITS);
    return low + (1L << (exponent - SUB_BITS)) - 1;
  }
}
