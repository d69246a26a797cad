package dev.topiary.pruning.stages;

import dev.topiary.pruning.Granularity;
import dev.topiary.pruning.PruningAmount;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.Scope;
import java.util.List;
import java.util.Map;

/** Turns the parameters the pruning specs share into a {@link PruningPlan}, validating them. */
final class SpecPlans {

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
