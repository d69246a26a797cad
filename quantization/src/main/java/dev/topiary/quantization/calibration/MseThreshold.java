package dev.topiary.quantization.calibration;

/**
 * The threshold that minimises the expected squared quantization error. For a candidate {@code T}
 * at a bin edge, values within {@code [0, T]} cost the rounding noise of a uniform quantizer,
 * {@code Δ²/12} with {@code Δ = T / levels}, and clipped values cost {@code (c − T)²} at their
 * bin's centre {@code c}; the candidate of least total error wins (ties: the smallest). Every bin
 * edge is a candidate; prefix sums make the search linear in the number of bins.
 */
public final class MseThreshold implements ThresholdSearch {

  /** The search; the number of levels comes with each call. */
  public MseThreshold() {}

  @Override
  public double threshold(Histogram magnitudes, int levels) {
    if (levels <= 0) {
      throw new IllegalArgumentException("levels must be positive, got " + levels);
    }
    int bins = magnitudes.bins();
    double width = magnitudes.binWidth();
    if (magnitudes.total() == 0) {
      return 0;
    }
    double[] s0 = new double[bins + 1];
    double[] s1 = new double[bins + 1];
    double[] s2 = new double[bins + 1];
    for (int j = bins - 1; j >= 0; j--) {
      double count = magnitudes.count(j);
      double centre = (j + 0.5) * width;
      s0[j] = s0[j + 1] + count;
      s1[j] = s1[j + 1] + count * centre;
      s2[j] = s2[j + 1] + count * centre * centre;
    }
    double best = Double.POSITIVE_INFINITY;
    int bestBins = bins;
    for (int i = 1; i <= bins; i++) {
      double t = i * width;
      double step = t / levels;
      double inside = s0[0] - s0[i];
      double error = inside * step * step / 12 + s2[i] - 2 * t * s1[i] + t * t * s0[i];
      if (error < best) {
        best = error;
        bestBins = i;
      }
    }
    return Math.min(bestBins * width, magnitudes.observedMax());
  }
}
