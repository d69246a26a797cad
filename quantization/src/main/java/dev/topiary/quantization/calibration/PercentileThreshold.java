package dev.topiary.quantization.calibration;

/**
 * The upper edge of the histogram bin in which the cumulative count reaches {@code percentile}
 * percent of the histogram's values (capped at the observed maximum): the largest {@code 100 −
 * percentile} percent are clipped, up to the bin's resolution. Calibration histograms hold the
 * non-zero values, so the percentile is one of the non-zero magnitudes.
 */
public final class PercentileThreshold implements ThresholdSearch {

  /** The default percentile, 99.99. */
  public static final double DEFAULT_PERCENTILE = 99.99;

  private final double percentile;

  /**
   * A search at {@code percentile}.
   *
   * @throws IllegalArgumentException if {@code percentile} is not in (50, 100]
   */
  public PercentileThreshold(double percentile) {
    if (!(percentile > 50 && percentile <= 100)) {
      throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile);
    }
    this.percentile = percentile;
  }

  /** The percentile, in (50, 100]. */
  public double percentile() {
    return percentile;
  }

  @Override
  public double threshold(Histogram magnitudes, int levels) {
    long total = magnitudes.total();
    if (total == 0) {
      return 0;
    }
    double target = percentile / 100 * total;
    long cumulative = 0;
    for (int j = 0; j < magnitudes.bins(); j++) {
      cumulative += magnitudes.count(j);
      if (cumulative >= target) {
        return Math.min((j + 1) * magnitudes.binWidth(), magnitudes.observedMax());
      }
    }
    return magnitudes.observedMax();
  }
}
