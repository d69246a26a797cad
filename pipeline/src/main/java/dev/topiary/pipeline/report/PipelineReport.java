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
 * @param models one row per model the recipe declares under {@code models:}, in order; often empty
 * @param stages one report per stage, in order
 * @param gates the recipe's {@code assert:} gates checked on the final model; empty without gates
 */
public record PipelineReport(Recipe recipe, Provenance provenance, Metrics baseline, List<ModelReport> models,
    List<StageReport> stages, List<dev.topiary.pipeline.gate.GateResult> gates) {

  /** Validates the fields and copies the lists. */
  public PipelineReport {
    if (recipe == null || provenance == null || baseline == null) {
      throw new IllegalArgumentException("recipe, provenance and baseline must not be null");
    }
    models = models == null ? List.of() : List.copyOf(models);
    stages = List.copyOf(stages);
    gates = gates == null ? List.of() : List.copyOf(gates);
  }

  /** A report without gates. */
  public PipelineReport(Recipe recipe, Provenance provenance, Metrics baseline, List<ModelReport> models,
      List<StageReport> stages) {
    this(recipe, provenance, baseline, models, stages, List.of());
  }

  /** True if a gate failed. */
  public boolean gateFailed() {
    return gates.stream().anyMatch(gate -> !gate.passed());
  }

  /** A report of a recipe without declared models. */
  public PipelineReport(Recipe recipe, Provenance provenance, Metrics baseline, List<StageReport> stages) {
    this(recipe, provenance, baseline, List.of(), stages);
  }
}
