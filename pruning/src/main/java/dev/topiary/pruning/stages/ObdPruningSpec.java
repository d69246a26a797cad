package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.Curvature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of {@value #TYPE}. Optimal Brain Damage pruning: saliency {@code ½·F_ii·w²} with {@code F} the empirical Fisher diagonal
 * (see {@link dev.topiary.pruning.criteria.OptimalBrainDamageCriterion}).
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
 * @param calibrationExamples training examples (a seeded sample) on which the Hessian diagonal is estimated
 * @param curvature estimator of the Hessian diagonal: gauss-newton (default) or empirical-fisher
 */
@StageDescription("Masks the weights of smallest Optimal Brain Damage saliency ½·h·w², the Hessian diagonal estimated on training examples (Gauss-Newton by default).")
public record ObdPruningSpec(
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
    @Param(value = "training examples (a seeded sample) on which the Hessian diagonal is estimated", defaultValue = "128")
    Integer calibrationExamples,
    @Param(value = "estimator of the Hessian diagonal: gauss-newton (exact Gauss-Newton diagonal = true Fisher for softmax cross-entropy; one backward pass per class and example) or empirical-fisher (squared gradients with the true labels; one pass per example, a poorer estimate near a minimum)", defaultValue = "gauss-newton")
    Curvature curvature) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.obd";

  /** Fills the defaults and validates every value. */
  public ObdPruningSpec {
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    scope = scope == null ? Scope.DEFAULT : scope;
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    granularity = granularity == null ? "unstructured" : granularity;
    overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    curvature = curvature == null ? Curvature.GAUSS_NEWTON : curvature;
    calibrationExamples = SpecPlans.atLeastOne("calibrationExamples", calibrationExamples == null ? 128 : calibrationExamples);
    SpecPlans.plan(sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity, overrides, 1);
  }

  /** The library plan these parameters describe. */
  public PruningPlan toPlan() {
    return SpecPlans.plan(sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity, overrides, 1);
  }
}
