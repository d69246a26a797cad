package dev.topiary.quantization.calibration;

import java.util.Arrays;

/**
 * A histogram of magnitudes: {@code counts.length} bins of width {@code binWidth} from 0, bin
 * {@code j} holding values in {@code [j·binWidth, (j + 1)·binWidth)} (the largest value in the last
 * bin), and the largest magnitude observed. Public so users can inspect what calibration saw and
 * pick ranges themselves.
 *
 * @param binWidth the width of one bin, positive
 * @param counts the number of values in each bin
 * @param observedMax the largest magnitude added, at most {@code binWidth·counts.length}
 */
public record Histogram(double binWidth, long[] counts, double observedMax) {

  /** The number of bins TensorRT's entropy calibration uses, Topiary's default. */
  public static final int DEFAULT_BINS = 2048;

  /** Checks and copies the counts. */
  public Histogram {
    if (!(binWidth > 0) || Double.isInfinite(binWidth)) {
      throw new IllegalArgumentException("binWidth must be positive and finite, got " + binWidth);
    }
    if (counts.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one bin");
    }
    counts = counts.clone();
    for (int j = 0; j < counts.length; j++) {
      if (counts[j] < 0) {
        throw new IllegalArgumentException("counts[" + j + "] must not be negative, got " + counts[j]);
      }
    }
    if (!(observedMax >= 0) || observedMax > binWidth * counts.length * (1 + 1e-12)) {
      throw new IllegalArgumentException("observedMax must be in [0, " + (binWidth * counts.length) + "], got "
          + observedMax);
    }
  }

  /** Number of bins. */
  public int bins() {
    return counts.length;
  }

  /** The counts (a copy). */
  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** The count of bin {@code j}. */
  public long count(int j) {
    return counts[j];
  }

  /** Total number of values. */
  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** The upper edge of the last bin: {@code binWidth·bins()}. */
  public double upperBound() {
    return binWidth * counts.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Histogram h && binWidth == h.binWidth && observedMax == h.observedMax
        && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Double.hashCode(binWidth) * 31 + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram[" + counts.length + " bins of " + binWidth + ", " + total() + " values, max " + observedMax
        + "]";
  }
}
