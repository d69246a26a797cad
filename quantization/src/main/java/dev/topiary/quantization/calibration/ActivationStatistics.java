package dev.topiary.quantization.calibration;

import dev.topiary.quantization.ActivationScheme;
import dev.topiary.quantization.QuantParams;

/**
 * What calibration saw of one tensor (a quantized layer's input): the extreme values, the number
 * of values, and the histograms of both sides over the same bins. Public so users can inspect
 * them and choose ranges themselves.
 *
 * @param min the smallest value observed
 * @param max the largest value observed
 * @param count the number of values observed
 * @param zeros the number of exact zeros among them (in neither histogram: every range represents 0
 *     exactly, so zeros do not inform the choice of range)
 * @param positive the histogram of the positive values
 * @param negative the histogram of the magnitudes of the negative values
 */
public record ActivationStatistics(float min, float max, long count, long zeros, Histogram positive,
    Histogram negative) {

  /** Checks that the parts agree. */
  public ActivationStatistics {
    if (positive == null || negative == null) {
      throw new IllegalArgumentException("both histograms are required");
    }
    if (min > max) {
      throw new IllegalArgumentException("min must not exceed max, got " + min + " > " + max);
    }
  }

  /**
   * The statistics of {@code values} in {@code bins} bins (two passes: range, then histograms).
   *
   * @throws IllegalArgumentException if a value is not finite
   */
  public static ActivationStatistics of(float[] values, int bins) {
    float min = 0f;
    float max = 0f;
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException("value " + i + " is not finite: " + values[i]);
      }
      min = Math.min(min, values[i]);
      max = Math.max(max, values[i]);
    }
    HistogramCollector collector = new HistogramCollector(Math.max(-min, max), bins);
    collector.add(values, 0, values.length);
    float observedMin = values.length == 0 ? 0f : min;
    return new ActivationStatistics(observedMin, max, values.length, collector.zeros(), collector.positive(),
        collector.negative());
  }

  /** The histogram of {@code |x|} for the non-zero values. */
  public Histogram magnitude() {
    long[] sum = positive.counts();
    for (int j = 0; j < sum.length; j++) {
      sum[j] += negative.count(j);
    }
    return new Histogram(positive.binWidth(), sum, Math.max(positive.observedMax(), negative.observedMax()));
  }

  /**
   * The activation quantization parameters that {@code search} chooses. Symmetric: one threshold
   * on the magnitudes, 128 levels a side. Asymmetric: a threshold per side that has values (256
   * levels if only one side has values, 128 each otherwise), the range always including 0.
   */
  public QuantParams params(ActivationScheme scheme, ThresholdSearch search) {
    if (scheme == ActivationScheme.SYMMETRIC) {
      return QuantParams.symmetricActivations((float) search.threshold(magnitude(), 128));
    }
    boolean hasPositive = positive.total() > 0 && max > 0;
    boolean hasNegative = negative.total() > 0 && min < 0;
    int levels = hasPositive && hasNegative ? 128 : 256;
    float hi = hasPositive ? (float) search.threshold(positive, levels) : 0f;
    float lo = hasNegative ? -(float) search.threshold(negative, levels) : 0f;
    return QuantParams.asymmetricActivations(lo, hi);
  }
}
