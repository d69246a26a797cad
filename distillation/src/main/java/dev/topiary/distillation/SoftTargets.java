package dev.topiary.distillation;

import java.util.List;

/**
 * Teachers' probabilities softened at a temperature and combined into one distribution per row.
 *
 * <p>A teacher gives probabilities {@code p = softmax(v)}, not its logits {@code v}; since
 * {@code log p = v − logsumexp(v)} and softmax ignores a constant shift, {@code softmax(log p / T)
 * = softmax(v / T)} exactly. A probability that underflowed to 0 in float is taken as
 * {@link #SMALLEST_PROBABILITY} (the smallest positive float), which only matters for logit gaps
 * beyond about 103.
 */
final class SoftTargets {

  /** The value a zero probability is raised to before its logarithm is taken. */
  static final double SMALLEST_PROBABILITY = Float.MIN_VALUE;

  private SoftTargets() {}

  /**
   * Combines {@code teachers} (each {@code rows × classes}, row-major) into soft targets at
   * {@code temperature}.
   */
  static double[] combine(List<float[]> teachers, int rows, int classes, double temperature,
      EnsembleAveraging averaging) {
    double[] out = new double[rows * classes];
    double[] logits = new double[classes];
    double[] logSoft = new double[classes];
    int k = teachers.size();
    for (int r = 0; r < rows; r++) {
      int base = r * classes;
      if (averaging == EnsembleAveraging.LOG_PROBABILITIES) {
        java.util.Arrays.fill(logits, 0);
        for (float[] teacher : teachers) {
          for (int c = 0; c < classes; c++) {
            logits[c] += Math.log(Math.max(teacher[base + c], SMALLEST_PROBABILITY)) / k;
          }
        }
        SoftTargetLoss.logSoftmax(logits, temperature, logSoft);
        for (int c = 0; c < classes; c++) {
          out[base + c] = Math.exp(logSoft[c]);
        }
      } else {
        for (float[] teacher : teachers) {
          for (int c = 0; c < classes; c++) {
            logits[c] = Math.log(Math.max(teacher[base + c], SMALLEST_PROBABILITY));
          }
          SoftTargetLoss.logSoftmax(logits, temperature, logSoft);
          for (int c = 0; c < classes; c++) {
            out[base + c] += Math.exp(logSoft[c]) / k;
          }
        }
      }
    }
    return out;
  }
}
