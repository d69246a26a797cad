package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PruningAmount;
import dev.topiary.pruning.PruningPlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parameters of {@value #TYPE}: masks every selected weight with {@code |w| ≤ threshold}, however
 * many that is (the achieved sparsity is in the diagnostics).
 *
 * @param threshold prune weights whose absolute value is at most this (same unit as the weights)
 * @param layers layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the first prunable layer of the network alone
 * @param skipLast leave the last prunable layer of the network alone
 */
@StageDescription("Masks every selected weight whose absolute value is at most a fixed threshold.")
public record ThresholdPruningSpec(
    @Param("prune weights whose absolute value is at most this, a non-negative number")
    Double threshold,
    @Param(value = SpecPlans.LAYERS_DOC, defaultValue = "[]")
    List<String> layers,
    @Param(value = SpecPlans.INCLUDE_BIAS_DOC, defaultValue = "false")
    Boolean includeBias,
    @Param(value = SpecPlans.SKIP_FIRST_DOC, defaultValue = "false")
    Boolean skipFirst,
    @Param(value = SpecPlans.SKIP_LAST_DOC, defaultValue = "false")
    Boolean skipLast) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.threshold";

  /** Fills the defaults and validates every value. */
  public ThresholdPruningSpec {
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    if (threshold == null) {
      throw new IllegalArgumentException("threshold is required");
    }
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    toPlan(threshold, layers, includeBias, skipFirst, skipLast);
  }

  /** The library plan these parameters describe. */
  public PruningPlan toPlan() {
    return toPlan(threshold, layers, includeBias, skipFirst, skipLast);
  }

  private static PruningPlan toPlan(double threshold, List<String> layers, boolean includeBias, boolean skipFirst,
      Boolean skipLast) {
    return new PruningPlan(new LayerSelection(layers, includeBias, skipFirst, skipLast),
        PruningAmount.threshold(threshold), null, null, null, 1);
  }
}
