package dev.topiary.pruning.structured;

import dev.topiary.pruning.LayerSelection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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

  /**
   * The plan for {@code spec} on {@code network}: its selectors read by the one rule of
   * {@link LayerSelection} (index, type, name), a type picking the hidden dense layers and 2-D
   * convolutions of that type (never the output layer); an override replaces the amount of the
   * layers it names (and selects them).
   *
   * @throws IllegalArgumentException if a selector matches no layer (listing the layer names); a
   *     selected layer that cannot be pruned is rejected by {@link StructuredPruner}
   */
  static StructuredPruningPlan resolve(StructuredPruningSpec spec, MultiLayerNetwork network) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    int last = conf.getConfs().size() - 1;
    IntPredicate eligible = index -> index < last && LayerRole.of(conf.getConf(index).getLayer()).prunable();
    Map<Integer, UnitBudget> budgets = new TreeMap<>();
    for (String selector : spec.layers()) {
      for (int index : LayerSelection.layersMatching(network, selector, "layers", eligible)) {
        budgets.put(index, spec.budget());
      }
    }
    for (Map.Entry<String, Double> override : spec.overrides().entrySet()) {
      for (int index : LayerSelection.layersMatching(network, override.getKey(), "overrides", eligible)) {
        budgets.put(index, UnitBudget.ofFraction(override.getValue()));
      }
    }
    return new StructuredPruningPlan(budgets, spec.norm(), spec.includeBias(), spec.minUnits());
  }
}
