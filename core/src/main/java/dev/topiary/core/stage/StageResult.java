package dev.topiary.core.stage;

import dev.topiary.core.model.ModelHandle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stage returns: the new model, which the caller owns, and the stage's own diagnostics
 * (achieved sparsity per layer, calibration ranges, loss curves), written into the report as JSON.
 *
 * @param model the new model handle; never the stage's input
 * @param diagnostics values Jackson can write: numbers, strings, lists, maps and records
 */
public record StageResult(ModelHandle model, Map<String, Object> diagnostics) {

  /** Copies the diagnostics, keeping their order. */
  public StageResult {
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    diagnostics = diagnostics == null ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics));
  }

  /** A result without diagnostics. */
  public static StageResult of(ModelHandle model) {
    return new StageResult(model, Map.of());
  }
}
