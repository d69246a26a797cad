package dev.topiary.pipeline.report;

import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.Recipe;
import java.util.List;

/**
 * Everything a run measured, written as {@code report.json} by {@link JsonReport} and as
 * {@code report.md} by {@link MarkdownReport}.
 *
 * @param recipe the resolved recipe that ran
 * @param provenance how to repeat the run: recipe hash, seed, versions, machine
 * @param baseline the meter's measurements of the baseline model
 * @param stages one report per stage, in order
 */
public record PipelineReport(Recipe recipe, Provenance provenance, Metrics baseline, List<StageReport> stages) {

  /** Validates the fields and copies the stage list. */
  public PipelineReport {
    if (recipe == null || provenance == null || baseline == null) {
      throw new IllegalArgumentException("recipe, provenance and baseline must not be null");
    }
    stages = List.copyOf(stages);
  }
}
