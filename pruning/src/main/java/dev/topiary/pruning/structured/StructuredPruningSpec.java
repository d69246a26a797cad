package dev.topiary.pruning.structured;

import com.fasterxml.jackson.annotation.JsonAlias;
import dev.topiary.core.stage.Param;
import dev.topiary.core.stage.StageDescription;
import dev.topiary.pruning.LayerSelection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters of the {@code prune.structured} stage: which layers lose units, how many, and how
 * units are ranked. Layers named here are resolved against the network when the stage runs.
 *
 * @param fraction fraction of each selected layer's units to remove, in [0, 1); give this or count; a
 *     recipe may write it {@code sparsity} (the fraction of units pruned, as elsewhere the fraction of weights)
 * @param count units to remove from each selected layer; give this or fraction
 * @param norm the norm ranking units, smallest removed first
 * @param layers selectors by the one rule of {@link LayerSelection}: layer indices, the types {@code dense} and
 *     {@code conv} (hidden layers only), or layer names
 * @param includeBias whether a unit's bias counts towards its norm
 * @param overrides per-layer fraction by selector (index, type or name), replacing the global amount
 * @param minUnits the fewest units a pruned layer keeps
 */
@StageDescription("Physically removes the dense neurons and convolution filters with the smallest weight norms, "
    + "giving a smaller network whose matrices really shrink")
public record StructuredPruningSpec(
    @Param(value = "fraction of each selected layer's units to remove, in [0, 1), rounded half to even as torch does"
        + " (alias: sparsity, the unit sparsity); give this or count", optional = true)
    @JsonAlias("sparsity") Double fraction,
    @Param(value = "number of units to remove from each selected layer, less than its units; give this or fraction",
        optional = true) Integer count,
    @Param(value = "norm of a unit's incoming weights ranking it; the smallest are removed first, ties by lower index",
        defaultValue = "l2") UnitNorm norm,
    @Param(value = "layers to prune: indices, layer names, or the types dense and conv (hidden layers only; "
        + "the output layer is never eligible)", defaultValue = "[dense, conv]") List<String> layers,
    @Param(value = "whether a unit's bias is appended to its weights when taking the norm",
        defaultValue = "false") Boolean includeBias,
    @Param(value = "fraction in [0, 1) per layer index, type or name, replacing fraction or count for that layer "
        + "(and selecting it)", defaultValue = "{}") Map<String, Double> overrides,
    @Param(value = "the fewest units a pruned layer keeps, at least 1; larger amounts are capped",
        defaultValue = "1") Integer minUnits) {

  /** The stage type name, the registry key. */
  public static final String TYPE = "prune.structured";

  /** The type selector for hidden {@code DenseLayer}s, {@link LayerSelection#DENSE}. */
  public static final String DENSE = LayerSelection.DENSE;

  /** The type selector for {@code ConvolutionLayer}s, {@link LayerSelection#CONV}. */
  public static final String CONV = LayerSelection.CONV;

  /**
   * Validates the parameters and fills in the defaults.
   *
   * @throws IllegalArgumentException naming the parameter and the bad value
   */
  public StructuredPruningSpec {
    new UnitBudget(fraction, count); // validates: exactly one of fraction and count, each in range
    norm = norm == null ? UnitNorm.L2 : norm;
    layers = layers == null ? List.of(DENSE, CONV) : layers;
    if (layers.isEmpty()) {
      throw new IllegalArgumentException("layers must not be empty (leave it out to prune every hidden dense and conv layer)");
    }
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) == null || layers.get(i).isBlank()) {
        throw new IllegalArgumentException("layers[" + i + "] must be a layer index, name, dense or conv, got '"
            + layers.get(i) + "'");
      }
    }
    layers = List.copyOf(layers);
    includeBias = includeBias != null && includeBias;
    Map<String, Double> copy = new LinkedHashMap<>();
    if (overrides != null) {
      overrides.forEach((layer, value) -> {
        if (value == null || !(value >= 0 && value < 1)) {
          throw new IllegalArgumentException("overrides." + layer + " must be a fraction in [0, 1), got " + value);
        }
        copy.put(layer, value);
      });
    }
    overrides = Collections.unmodifiableMap(copy);
    minUnits = minUnits == null ? 1 : minUnits;
    if (minUnits < 1) {
      throw new IllegalArgumentException("minUnits must be at least 1, got " + minUnits);
    }
  }

  /** The global amount removed from every selected layer without an override. */
  public UnitBudget budget() {
    return new UnitBudget(fraction, count);
  }
}
