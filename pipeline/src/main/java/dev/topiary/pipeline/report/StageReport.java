package dev.topiary.pipeline.report;

import dev.topiary.core.measure.Metrics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one stage did: how long it took, the meter's measurements of its output, and its own
 * diagnostics.
 *
 * @param name the stage's name
 * @param type the stage's type
 * @param elapsedMillis wall-clock time of {@code Stage.apply}, in milliseconds (measuring excluded)
 * @param metrics the meter's measurements of the stage's output model
 * @param diagnostics the stage's own values (achieved sparsity, calibration ranges, …)
 * @param regression the output's predictions compared with the baseline's (per-class accuracy,
 *     agreement, flips), or null when the measurer gives no predictions
 */
public record StageReport(String name, String type, long elapsedMillis, Metrics metrics,
    Map<String, Object> diagnostics, Regression regression) {

  /** A stage report without regression figures. */
  public StageReport(String name, String type, long elapsedMillis, Metrics metrics, Map<String, Object> diagnostics) {
    this(name, type, elapsedMillis, metrics, diagnostics, null);
  }

  /** Validates the fields and copies the diagnostics, keeping their order. */
  public StageReport {
    if (name == null || type == null || metrics == null) {
      throw new IllegalArgumentException("name, type and metrics must not be null");
    }
    if (elapsedMillis < 0) {
      throw new IllegalArgumentException("elapsedMillis must not be negative, got " + elapsedMillis);
    }
    diagnostics = diagnostics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
  }
}
