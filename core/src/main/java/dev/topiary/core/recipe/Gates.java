package dev.topiary.core.recipe;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A recipe's {@code assert:} section: bounds the final model (of the run, and of every branch)
 * must meet, for CI. Each gate is optional; a run that fails one still writes its reports, marks
 * the failed gate in them, and exits with its own code (3).
 *
 * @param maxAccuracyDrop the largest allowed drop of top-1 accuracy below the baseline's, in
 *     percentage points, in [0, 100]
 * @param minSizeReduction the smallest allowed gzip size reduction, baseline bytes / model bytes
 *     (e.g. 4 for "at least 4× smaller"), above 0
 * @param maxLatencyRatio the largest allowed batch-1 median latency ratio, model / baseline (e.g.
 *     0.5 for "at least twice as fast"), above 0
 * @param minAgreement the smallest allowed share of test examples on which the model predicts the
 *     baseline's class, in [0, 1]
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Gates(Double maxAccuracyDrop, Double minSizeReduction, Double maxLatencyRatio, Double minAgreement) {

  /** The gate names, as a recipe writes them. */
  public static final java.util.List<String> NAMES = java.util.List.of("maxAccuracyDrop", "minSizeReduction",
      "maxLatencyRatio", "minAgreement");

  /** Checks every bound is in its range and at least one gate is given. */
  public Gates {
    if (maxAccuracyDrop == null && minSizeReduction == null && maxLatencyRatio == null && minAgreement == null) {
      throw new IllegalArgumentException("assert: give at least one gate of " + NAMES);
    }
    if (maxAccuracyDrop != null && !(maxAccuracyDrop >= 0 && maxAccuracyDrop <= 100)) {
      throw new IllegalArgumentException("assert.maxAccuracyDrop: must be in [0, 100] percentage points, got "
          + maxAccuracyDrop);
    }
    if (minSizeReduction != null && !(minSizeReduction > 0 && Double.isFinite(minSizeReduction))) {
      throw new IllegalArgumentException("assert.minSizeReduction: must be above 0 (baseline bytes / model bytes), got "
          + minSizeReduction);
    }
    if (maxLatencyRatio != null && !(maxLatencyRatio > 0 && Double.isFinite(maxLatencyRatio))) {
      throw new IllegalArgumentException("assert.maxLatencyRatio: must be above 0 (model p50 / baseline p50), got "
          + maxLatencyRatio);
    }
    if (minAgreement != null && !(minAgreement >= 0 && minAgreement <= 1)) {
      throw new IllegalArgumentException("assert.minAgreement: must be in [0, 1], got " + minAgreement);
    }
  }
}
