package dev.topiary.quantization.calibration;

/**
 * Collects the two one-sided magnitude histograms of a tensor's values: positive values ({@code
 * x ≥ 0}) and the magnitudes of negative ones, both over {@code [0, maxAbs]} in the same bins, so
 * that their sum is the histogram of {@code |x|}. The range is fixed up front (a first pass finds
 * it); values beyond it land in the last bin. Exact zeros are counted apart ({@link #zeros()}): every
 * range that includes 0 represents them exactly, so they say nothing about where to clip, and a
 * ReLU's many zeros would otherwise dominate the first bin (and drive the entropy search to clip
 * far too much). Not thread-safe.
 */
public final class HistogramCollector {

  private final double binWidth;
  private final long[] positive;
  private final long[] negative;
  private double positiveMax;
  private double negativeMax;
  private long zeros;

  /**
   * A collector over {@code [0, maxAbs]} in {@code bins} bins; a zero {@code maxAbs} (all values
   * zero) uses a range of 1.
   *
   * @throws IllegalArgumentException if {@code bins} is not positive or {@code maxAbs} is negative
   *     or not finite
   */
  public HistogramCollector(double maxAbs, int bins) {
    if (bins <= 0) {
      throw new IllegalArgumentException("bins must be positive, got " + bins);
    }
    if (!(maxAbs >= 0) || Double.isInfinite(maxAbs)) {
      throw new IllegalArgumentException("maxAbs must be finite and not negative, got " + maxAbs);
    }
    this.binWidth = (maxAbs == 0 ? 1 : maxAbs) / bins;
    this.positive = new long[bins];
    this.negative = new long[bins];
  }

  /** Adds {@code count} values from {@code values[offset]}. */
  public void add(float[] values, int offset, int count) {
    int last = positive.length - 1;
    for (int i = offset; i < offset + count; i++) {
      float x = values[i];
      if (x == 0f) {
        zeros++;
      } else if (x > 0) {
        positive[Math.min(last, (int) (x / binWidth))]++;
        positiveMax = Math.max(positiveMax, x);
      } else {
        negative[Math.min(last, (int) (-x / binWidth))]++;
        negativeMax = Math.max(negativeMax, -x);
      }
    }
  }

  /** The number of exact zeros added (not in either histogram). */
  public long zeros() {
    return zeros;
  }

  /** The histogram of the positive values. */
  public Histogram positive() {
    return new Histogram(binWidth, positive, Math.min(positiveMax, binWidth * positive.length));
  }

  /** The histogram of the magnitudes of the negative values. */
  public Histogram negative() {
    return new Histogram(binWidth, negative, Math.min(negativeMax, binWidth * negative.length));
  }

  /** The histogram of {@code |x|}: both sides added. */
  public Histogram magnitude() {
    long[] sum = new long[positive.length];
    for (int j = 0; j < sum.length; j++) {
      sum[j] = positive[j] + negative[j];
    }
    return new Histogram(binWidth, sum, Math.min(Math.max(positiveMax, negativeMax), binWidth * sum.length));
  }
}
