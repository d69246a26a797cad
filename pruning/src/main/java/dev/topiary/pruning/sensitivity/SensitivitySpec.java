package dev.topiary.pruning.sensitivity;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameters of {@value #TYPE}, e.g. {@code {type: prune.sensitivity, maxAccuracyDrop: 0.02}}.
 * Layer names are checked against the network when the stage runs.
 *
 * @param sparsities sparsities each layer is pruned to, each in [0, 1), no repeats; kept ascending
 * @param layers layers to analyse, each an index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param maxAccuracyDrop accuracy a layer may lose (a fraction: 0.01 is one point) for the suggested sparsity
 * @param evaluationExamples at most this many evaluation examples, a seeded sample; null for all
 */
@StageDescription("Analyses, without changing the model, how much accuracy each layer loses when pruned alone by "
    + "magnitude to each of a list of sparsities; writes sensitivity.csv, sensitivity.png and "
    + "sensitivity-overrides.yaml (a prune.magnitude entry with per-layer sparsities within an accuracy budget).")
public record SensitivitySpec(
    @Param(value = "sparsities each layer is pruned to, one at a time, each in [0, 1), no repeats",
        defaultValue = "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]")
    List<Double> sparsities,
    @Param(value = "layers to analyse, each a layer index, a type (dense, conv, output) or a DL4J layer name; "
        + "empty for all prunable layers", defaultValue = "[]")
    List<String> layers,
    @Param(value = "accuracy a layer may lose against the dense model, as a fraction (0.01 is one point), for "
        + "the sparsity suggested in sensitivity-overrides.yaml; at least 0", defaultValue = "0.01")
    Double maxAccuracyDrop,
    @Param(value = "evaluate on at most this many examples of the validation split (the test split if the "
        + "validation split is empty), a sample drawn with the stage's seed; at least 1; when left out, all",
        optional = true)
    Integer evaluationExamples) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.sensitivity";

  /** The default accuracy budget: one point. */
  public static final double DEFAULT_MAX_ACCURACY_DROP = 0.01;

  /**
   * Fills the defaults and validates every value.
   *
   * @throws IllegalArgumentException naming the parameter and the bad value
   */
  public SensitivitySpec {
    sparsities = sparsities == null ? SensitivityAnalysis.DEFAULT_SPARSITIES
        : SensitivityAnalysis.checkedSparsities(new ArrayList<>(sparsities));
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    selection(layers);
    maxAccuracyDrop = maxAccuracyDrop == null ? DEFAULT_MAX_ACCURACY_DROP : maxAccuracyDrop;
    SensitivityTable.checkMaxAccuracyDrop(maxAccuracyDrop);
    if (evaluationExamples != null && evaluationExamples < 1) {
      throw new IllegalArgumentException("evaluationExamples must be at least 1, got " + evaluationExamples);
    }
  }

  /** The layers to analyse, weights only. */
  public LayerSelection selection() {
    return selection(layers);
  }

  private static LayerSelection selection(List<String> layers) {
    return new LayerSelection(layers, false, false, false);
  }
}
