package dev.topiary.core.measure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the meter measured on one model: the same fields after the baseline and after every stage.
 *
 * @param parameters parameter count
 * @param nonZeroParameters parameters not exactly zero
 * @param fileBytes bytes of the saved model file
 * @param gzipBytes bytes of that file after gzip (level 9)
 * @param latency by key {@code batch<N>}, e.g. {@code batch1} and {@code batch64}
 * @param accuracy top-1 accuracy on the test split
 * @param loss mean cross-entropy on the test split
 */
public record Metrics(long parameters, long nonZeroParameters, long fileBytes, long gzipBytes,
    Map<String, LatencyStats> latency, double accuracy, double loss) {

  /** Copies the latency map, keeping its order. */
  public Metrics {
    latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
  }

  /** Fraction of parameters that are zero, in [0, 1]. */
  public double sparsity() {
    return parameters == 0 ? 0 : 1.0 - (double) nonZeroParameters / parameters;
  }
}
