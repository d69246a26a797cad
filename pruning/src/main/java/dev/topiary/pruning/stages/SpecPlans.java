package dev.topiary.pruning.stages;

import dev.topiary.pruning.Granularity;
import dev.topiary.pruning.PruningAmount;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.Scope;
import java.util.List;
import java.util.Map;

/** Turns the parameters the pruning specs share into a {@link PruningPlan}, validating them. */
final class SpecPlans {

  // One text per parameter that several pruning specs share, so that their documentation cannot drift apart.

  /** The documentation of the shared parameter {@code skipLast}. */
  static final String SKIP_LAST_DOC = "leave the last prunable layer of the network alone";

  /** The documentation of the shared parameter {@code skipFirst}. */
  static final String SKIP_FIRST_DOC = "leave the first prunable layer of the network alone";

  /** The documentation of the shared parameter {@code layers}. */
  static final String LAYERS_DOC = "layers to prune, each a layer index, a type (dense, conv, output) or a DL4J layer name; empty for all prunable layers";

  /** The documentation of the shared parameter {@code includeBias}. */
  static final String INCLUDE_BIAS_DOC = "also prune the biases of the selected layers";

  /** The documentation of the shared parameter {@code granularity}. */
  static final String GRANULARITY_DOC = "unstructured, or N:M such as 2:4 (keep N of every M consecutive fan-in weights of each output unit; fixes the sparsity at 1 - N/M)";

  /** The documentation of the shared parameter {@code count}. */
  static final String COUNT_DOC = "number of weights to prune (per layer with scope layer, in total with scope global); give this or sparsity";

  /** The documentation of the shared parameter {@code overrides}. */
  static final String OVERRIDES_DOC = "layer (index, type or name) to its own sparsity in [0, 1); the layer must be selected";

  /** The documentation of the shared parameter {@code sparsity}. */
  static final String SPARSITY_DOC = "fraction of the selected weights to prune, in [0, 1); give this or count";

  /** The documentation of the shared parameter {@code scope}. */
  static final String SCOPE_DOC = "global (the default for every criterion): one ranking across the selected layers, so small sensitive layers keep more; layer: each layer to the amount on its own";

  /** The documentation of the shared parameter {@code batches}. */
  static final String CALIBRATION_BATCHES_DOC = "calibration minibatches drawn (seeded) from the training data";

  /** The documentation of the shared parameter {@code batchSize}. */
  static final String CALIBRATION_BATCH_SIZE_DOC = "examples per calibration minibatch";

  private SpecPlans() {}

  /** The plan; throws {@link IllegalArgumentException} naming the bad field and value. */
  static PruningPlan plan(Double sparsity, Long count, Scope scope, List<String> layers, boolean includeBias,
      boolean skipFirst, boolean skipLast, String granularity, Map<String, Double> overrides, int iterations) {
    Granularity pattern = Granularity.parse(granularity);
    PruningAmount amount = null;
    if (sparsity != null || count != null || pattern.unstructured()) {
      if (!pattern.unstructured()) {
        throw new IllegalArgumentException("granularity " + pattern + " fixes the sparsity at "
            + pattern.impliedSparsity() + "; leave out sparsity and count");
      }
      amount = new PruningAmount(sparsity, count, null);
    }
    return PruningPlan.builder().amount(amount).scope(scope).layers(layers).includeBias(includeBias)
        .skipFirst(skipFirst).skipLast(skipLast).granularity(pattern).overrides(overrides)
        .iterations(iterations).build();
  }

  /** Throws unless {@code value ≥ 1}. */
  static int atLeastOne(String field, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(field + " must be at least 1, got " + value);
    }
    return value;
  }
}
