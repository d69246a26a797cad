package dev.topiary.pruning.structured;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link StructuredPruner#prune} removes: a budget per layer index, the norm that ranks
 * units, whether a unit's bias counts towards its norm, and the fewest units a layer keeps.
 *
 * @param layers budget per layer index; only hidden dense ({@code DenseLayer}) and convolution
 *     ({@code ConvolutionLayer}) layers can be listed, never the output layer
 * @param norm the norm ranking units; the smallest go first, ties by lower index
 * @param includeBias true to append the unit's bias to its incoming weights when taking the norm
 * @param minUnits the fewest units a pruned layer keeps, at least 1; budgets are capped to respect it
 */
public record StructuredPruningPlan(Map<Integer, UnitBudget> layers, UnitNorm norm, boolean includeBias,
    int minUnits) {

  /**
   * Validates and copies the plan (layers sorted by index).
   *
   * @throws IllegalArgumentException if a value is missing or out of range
   */
  public StructuredPruningPlan {
    if (layers == null) {
      throw new IllegalArgumentException("layers must not be null");
    }
    if (norm == null) {
      throw new IllegalArgumentException("norm must not be null");
    }
    if (minUnits < 1) {
      throw new IllegalArgumentException("minUnits must be at least 1, got " + minUnits);
    }
    TreeMap<Integer, UnitBudget> sorted = new TreeMap<>();
    for (Map.Entry<Integer, UnitBudget> entry : layers.entrySet()) {
      if (entry.getKey() == null || entry.getValue() == null) {
        throw new IllegalArgumentException("layers must not hold null keys or budgets, got " + layers);
      }
      sorted.put(entry.getKey(), entry.getValue());
    }
    layers = Collections.unmodifiableMap(sorted);
  }

  /** A plan with the defaults: L2 norm, weights only, at least one unit kept. */
  public static StructuredPruningPlan of(Map<Integer, UnitBudget> layers) {
    return new StructuredPruningPlan(layers, UnitNorm.L2, false, 1);
  }

  /** This plan ranking by {@code newNorm}. */
  public StructuredPruningPlan withNorm(UnitNorm newNorm) {
    return new StructuredPruningPlan(layers, newNorm, includeBias, minUnits);
  }

  /** This plan with the bias counted (or not) in each unit's norm. */
  public StructuredPruningPlan withIncludeBias(boolean newIncludeBias) {
    return new StructuredPruningPlan(layers, norm, newIncludeBias, minUnits);
  }

  /** This plan keeping at least {@code newMinUnits} units per layer. */
  public StructuredPruningPlan withMinUnits(int newMinUnits) {
    return new StructuredPruningPlan(layers, norm, includeBias, newMinUnits);
  }
}
