package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.Scope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@value #TYPE}. SNIP pruning at initialisation: connection sensitivity {@code |w·g|} on one or a few batches, one-shot.
 *
 * <p>Give exactly one of {@code sparsity} and {@code count} (neither with an N:M granularity).
 * Layer names and overrides are checked against the network when the stage runs.
 *
 * @param sparsity fraction of the selected weights to prune, in [0, 1); give this or count
 * @param count number of weights to prune (per layer with scope layer, in total with scope global); give this or sparsity
 * @param scope layer: each layer to the amount; global: one ranking across the selected layers
 * @param layers layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the first prunable layer of the network alone
 * @param skipLast leave the last prunable layer of the network alone
 * @param granularity unstructured, or N:M such as 2:4 (keep N of every M consecutive fan-in weights of each output unit; fixes the sparsity at 1 - N/M)
 * @param overrides layer (index, type or name) to its own sparsity in [0, 1); the layer must be selected
 * @param batches calibration minibatches drawn (seeded) from the training data
 * @param batchSize examples per calibration minibatch
 */
@StageDescription("Masks the weights of smallest SNIP connection sensitivity |w·g|, one-shot, meant before training.")
public record SnipPruningSpec(
    @Param(value = SpecPlans.SPARSITY_DOC, optional = true)
    Double sparsity,
    @Param(value = SpecPlans.COUNT_DOC, optional = true)
    Long count,
    @Param(value = SpecPlans.SCOPE_DOC, defaultValue = "global")
    Scope scope,
    @Param(value = SpecPlans.LAYERS_DOC, defaultValue = "[]")
    List<String> layers,
    @Param(value = SpecPlans.INCLUDE_BIAS_DOC, defaultValue = "false")
    Boolean includeBias,
    @Param(value = SpecPlans.SKIP_FIRST_DOC, defaultValue = "false")
    Boolean skipFirst,
    @Param(value = SpecPlans.SKIP_LAST_DOC, defaultValue = "false")
    Boolean skipLast,
    @Param(value = SpecPlans.GRANULARITY_DOC, defaultValue = "unstructured")
    String granularity,
    @Param(value = SpecPlans.OVERRIDES_DOC, defaultValue = "{}")
    Map<String, Double> overrides,
    @Param(value = SpecPlans.CALIBRATION_BATCHES_DOC, defaultValue = "1")
    Integer batches,
    @Param(value = SpecPlans.CALIBRATION_BATCH_SIZE_DOC, defaultValue = "128")
    Integer batchSize) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.snip";

  /** Fills the defaults and validates every value. */
  public SnipPruningSpec {
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    scope = scope == null ? Scope.DEFAULT : scope;
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    granularity = granularity == null ? "unstructured" : granularity;
    overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    batches = SpecPlans.atLeastOne("batches", batches == null ? 1 : batches);
    batchSize = SpecPlans.atLeastOne("batchSize", batchSize == null ? 128 : batchSize);
    SpecPlans.plan(sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity, overrides, 1);
  }

  /** The library plan these parameters describe. */
  public PruningPlan toPlan() {
    return SpecPlans.plan(sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity, overrides, 1);
  }
}
