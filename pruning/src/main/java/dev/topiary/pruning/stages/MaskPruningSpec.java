package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PruningAmount;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.Scope;
import dev.topiary.pruning.criteria.Curvature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of every mask-pruning stage type ({@code prune.magnitude}, {@code prune.random},
 * {@code prune.threshold}, {@code prune.obd}, {@code prune.taylor}, {@code prune.snip},
 * {@code prune.synflow}): one shape, the {@link MaskCriterion criterion} a parameter that the
 * recipe's type name gives ({@code type: prune.obd} is criterion {@code obd}).
 *
 * <p>Each criterion takes the parameters {@link MaskCriterion#parameters()} lists; the others
 * must be left out (null) and stay null, so the resolved recipe shows only the criterion's own.
 * The ranked criteria take exactly one of {@code sparsity} and {@code count} (neither with an N:M
 * granularity); {@code prune.threshold} takes {@code threshold} instead. Layer names and overrides
 * are checked against the network when the stage runs (and by the preflight check before).
 *
 * @param criterion the importance criterion; given by the stage type's name in a recipe
 * @param threshold ({@code prune.threshold} only, required there) prune weights whose absolute value is at most this
 * @param sparsity fraction of the selected weights to prune, in [0, 1); give this or count
 * @param count number of weights to prune (per layer with scope layer, in total with scope global); give this or sparsity
 * @param scope global (the default) ranks across the selected layers; layer prunes each layer to the amount ({@code prune.random} always works per layer and takes no scope)
 * @param layers layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers
 * @param includeBias also prune the biases of the selected layers
 * @param skipFirst leave the first prunable layer of the network alone
 * @param skipLast leave the last prunable layer of the network alone
 * @param granularity unstructured, or N:M such as 2:4 (keep N of every M consecutive fan-in weights of each output unit; fixes the sparsity at 1 - N/M)
 * @param overrides layer (index, type or name) to its own sparsity in [0, 1); the layer must be selected
 * @param calibrationExamples ({@code prune.obd}) training examples on which the Hessian diagonal is estimated
 * @param curvature ({@code prune.obd}) the Hessian diagonal's estimator
 * @param batches ({@code prune.taylor}, {@code prune.snip}) calibration minibatches
 * @param batchSize ({@code prune.taylor}, {@code prune.snip}) examples per calibration minibatch
 * @param iterations ({@code prune.synflow}) rounds of scoring and pruning
 */
@StageDescription("Masks the weights an importance criterion ranks lowest; the criterion is the stage type's name.")
public record MaskPruningSpec(
    @Param("the importance criterion; a recipe names it by the stage type (prune.obd is obd)")
    MaskCriterion criterion,
    @Param(value = "prune weights whose absolute value is at most this, a non-negative number", optional = true)
    Double threshold,
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
    Curvature curvature,
    @Param(value = SpecPlans.CALIBRATION_BATCHES_DOC, optional = true)
    Integer batches,
    @Param(value = SpecPlans.CALIBRATION_BATCH_SIZE_DOC, optional = true)
    Integer batchSize,
    @Param(value = "rounds of scoring and pruning, with an exponential sparsity schedule", defaultValue = "100")
    Integer iterations) {

  /**
   * Rejects a parameter the criterion does not take, fills the defaults of those it takes (the
   * others stay null) and validates every value.
   */
  public MaskPruningSpec {
    if (criterion == null) {
      throw new IllegalArgumentException("criterion is required, one of "
          + Arrays.stream(MaskCriterion.values()).map(MaskCriterion::recipeName).toList());
    }
    Map<String, Object> given = new LinkedHashMap<>();
    given.put("threshold", threshold);
    given.put("sparsity", sparsity);
    given.put("count", count);
    given.put("scope", scope);
    given.put("granularity", granularity);
    given.put("overrides", overrides);
    given.put("calibrationExamples", calibrationExamples);
    given.put("curvature", curvature);
    given.put("batches", batches);
    given.put("batchSize", batchSize);
    given.put("iterations", iterations);
    criterion.rejectForeign(given);
    includeBias = includeBias != null && includeBias;
    skipFirst = skipFirst != null && skipFirst;
    skipLast = skipLast != null && skipLast;
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
    if (criterion.takes("scope")) {
      scope = scope == null ? Scope.DEFAULT : scope;
    }
    if (criterion.takes("granularity")) {
      granularity = granularity == null ? "unstructured" : granularity;
    }
    if (criterion.takes("overrides")) {
      overrides = overrides == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
    if (criterion.takes("curvature")) {
      curvature = curvature == null ? Curvature.GAUSS_NEWTON : curvature;
    }
    if (criterion.takes("calibrationExamples")) {
      calibrationExamples = SpecPlans.atLeastOne("calibrationExamples", calibrationExamples == null ? 128 : calibrationExamples);
    }
    if (criterion.takes("batches")) {
      batches = SpecPlans.atLeastOne("batches", batches == null ? criterion.defaultInt("batches") : batches);
      batchSize = SpecPlans.atLeastOne("batchSize", batchSize == null ? criterion.defaultInt("batchSize") : batchSize);
    }
    if (criterion.takes("iterations")) {
      iterations = SpecPlans.atLeastOne("iterations", iterations == null ? 100 : iterations);
    }
    if (criterion == MaskCriterion.THRESHOLD && threshold == null) {
      throw new IllegalArgumentException("threshold is required");
    }
    plan(criterion, threshold, sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity,
        overrides, iterations);
  }

  /** The library plan these parameters describe. */
  public PruningPlan toPlan() {
    return plan(criterion, threshold, sparsity, count, scope, layers, includeBias, skipFirst, skipLast, granularity,
        overrides, iterations);
  }

  private static PruningPlan plan(MaskCriterion criterion, Double threshold, Double sparsity, Long count, Scope scope,
      List<String> layers, boolean includeBias, boolean skipFirst, boolean skipLast, String granularity,
      Map<String, Double> overrides, Integer iterations) {
    if (criterion == MaskCriterion.THRESHOLD) {
      return new PruningPlan(new LayerSelection(layers, includeBias, skipFirst, skipLast),
          PruningAmount.threshold(threshold), null, null, null, 1);
    }
    // prune.random takes no scope: it ranks nothing, so each layer gets the amount on its own
    Scope ranking = criterion.takes("scope") ? scope : Scope.LAYER;
    return SpecPlans.plan(sparsity, count, ranking, layers, includeBias, skipFirst, skipLast, granularity, overrides,
        iterations == null ? 1 : iterations);
  }
}
