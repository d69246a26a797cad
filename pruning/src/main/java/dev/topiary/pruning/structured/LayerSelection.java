package dev.topiary.pruning.structured;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Resolves a {@link StructuredPruningSpec}'s layer selectors against a network into a plan. A
 * selector is a layer index, else a layer name, else a type ({@code dense}: every hidden
 * {@code DenseLayer}; {@code conv}: every {@code ConvolutionLayer}). Types never pick the output
 * layer; an index or name that does is an error from {@link StructuredPruner}.
 */
final class LayerSelection {

  private LayerSelection() {}

  /**
   * The plan for {@code spec} on {@code network}.
   *
   * @throws IllegalArgumentException if a selector matches no layer (listing the layer names) or
   *     selects a layer that cannot be pruned
   */
  static StructuredPruningPlan plan(StructuredPruningSpec spec, MultiLayerNetwork network) {
    Map<Integer, UnitBudget> budgets = new TreeMap<>();
    UnitBudget global = spec.budget();
    for (String selector : spec.layers()) {
      for (int index : resolve(selector, network, "layers", true)) {
        budgets.put(index, global);
      }
    }
    for (Map.Entry<String, Double> override : spec.overrides().entrySet()) {
      for (int index : resolve(override.getKey(), network, "overrides", false)) {
        budgets.put(index, UnitBudget.ofFraction(override.getValue()));
      }
    }
    return new StructuredPruningPlan(budgets, spec.norm(), spec.includeBias(), spec.minUnits());
  }

  private static List<Integer> resolve(String selector, MultiLayerNetwork network, String field,
      boolean typesAllowed) {
    MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
    int count = conf.getConfs().size();
    String trimmed = selector.trim();
    if (trimmed.matches("-?\\d+")) {
      int index = Integer.parseInt(trimmed);
      if (index < 0 || index >= count) {
        throw new IllegalArgumentException(field + ": layer " + index + " does not exist: the network has layers 0 to "
            + (count - 1));
      }
      return List.of(index);
    }
    Map<String, Integer> names = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      names.put(conf.getConf(i).getLayer().getLayerName(), i);
    }
    if (names.containsKey(trimmed)) {
      return List.of(names.get(trimmed));
    }
    if (typesAllowed && (trimmed.equals(StructuredPruningSpec.DENSE) || trimmed.equals(StructuredPruningSpec.CONV))) {
      LayerRole wanted = trimmed.equals(StructuredPruningSpec.DENSE) ? LayerRole.DENSE : LayerRole.CONVOLUTION;
      List<Integer> matches = new ArrayList<>();
      for (int i = 0; i < count - 1; i++) {
        Layer layer = conf.getConf(i).getLayer();
        if (LayerRole.of(layer) == wanted) {
          matches.add(i);
        }
      }
      return matches;
    }
    throw new IllegalArgumentException(field + ": no layer named '" + trimmed + "'; layer names: "
        + names.keySet() + (typesAllowed ? "; layer types: [dense, conv]" : ""));
  }
}
