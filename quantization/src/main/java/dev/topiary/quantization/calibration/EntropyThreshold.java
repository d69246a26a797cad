package dev.topiary.quantization.calibration;

/**
 * The threshold of least information loss, the KL-divergence search NVIDIA described for
 * TensorRT's int8 calibration (Migacz, "8-bit Inference with TensorRT", GTC 2017).
 *
 * <p>For every candidate count {@code i} of kept bins, from {@code levels} to all bins: the
 * reference distribution {@code P} is the first {@code i} bins with the count of every later bin
 * (the clipped outliers) added to bin {@code i − 1}; the candidate {@code Q} quantizes the first
 * {@code i} bins (without the outliers) into {@code levels} levels, bin {@code j} going to level
 * {@code floor(j·levels / i)}, and spreads each level's count evenly back over those of its bins
 * where {@code P} is not zero. The chosen {@code i} minimises {@code KL(P ‖ Q)} (both normalised;
 * a {@code Q} that is zero where {@code P} is not loses); ties go to the smallest {@code i}. The
 * threshold is the upper edge of the kept bins, {@code i·binWidth}, capped at the observed
 * maximum. TensorRT uses 2048 bins and 128 levels.
 */
public final class EntropyThreshold implements ThresholdSearch {

  /** The number of levels TensorRT quantizes the clipped distribution into. */
  public static final int TENSORRT_LEVELS = 128;

  /** The search; the number of levels comes with each call. */
  public EntropyThreshold() {}

  @Override
  public double threshold(Histogram magnitudes, int levels) {
    if (levels <= 0) {
      throw new IllegalArgumentException("levels must be positive, got " + levels);
    }
    long total = magnitudes.total();
    int bins = magnitudes.bins();
    if (total == 0) {
      return 0;
    }
    if (bins <= levels) {
      return magnitudes.observedMax();
    }
    long[] h = magnitudes.counts();
    long[] suffix = new long[bins + 1];
    for (int j = bins - 1; j >= 0; j--) {
      suffix[j] = suffix[j + 1] + h[j];
    }
    double[] p = new double[bins];
    double[] q = new double[bins];
    double best = Double.POSITIVE_INFINITY;
    int bestBins = bins;
    for (int i = levels; i <= bins; i++) {
      double divergence = divergence(h, i, suffix[i], levels, p, q);
      if (divergence < best) {
        best = divergence;
        bestBins = i;
      }
    }
    return Math.min(bestBins * magnitudes.binWidth(), magnitudes.observedMax());
  }

  /** {@code KL(P ‖ Q)} for {@code i} kept bins; {@code p} and {@code q} are scratch arrays. */
  static double divergence(long[] h, int i, long outliers, int levels, double[] p, double[] q) {
    double sumP = 0;
    for (int j = 0; j < i; j++) {
      p[j] = h[j];
      sumP += h[j];
    }
    p[i - 1] += outliers;
    sumP += outliers;
    int start = 0;
    double sumQ = 0;
    for (int level = 0; level < levels; level++) {
      int end = start;
      while (end < i && (int) ((long) end * levels / i) == level) {
        end++;
      }
      double levelCount = 0;
      int nonZero = 0;
      for (int j = start; j < end; j++) {
        levelCount += h[j];
        if (p[j] != 0) {
          nonZero++;
        }
      }
      for (int j = start; j < end; j++) {
        q[j] = p[j] != 0 ? levelCount / nonZero : 0;
        sumQ += q[j];
      }
      start = end;
    }
    if (sumP == 0 || sumQ == 0) {
      return Double.POSITIVE_INFINITY;
    }
    double divergence = 0;
    for (int j = 0; j < i; j++) {
      if (p[j] == 0) {
        continue;
      }
      if (q[j] == 0) {
        return Double.POSITIVE_INFINITY;
      }
      double pj = p[j] / sumP;
      divergence += pj * Math.log(pj / (q[j] / sumQ));
    }
    return divergence;
  }
}
