package dev.topiary.pipeline.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.pipeline.CompiledRecipe;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A recipe whose {@code sweep:} has been expanded: the compiled recipe with one branch per
 * combination (every branch bound and checked), the sweep's settings, and what each branch sets.
 *
 * @param compiled the recipe with the expanded branches and no {@code stages:}
 * @param spec the sweep's settings
 * @param values branch name to the values it sets ({@code <stage>.<parameter>} to value), in branch order
 */
public record CompiledSweep(CompiledRecipe compiled, SweepSpec spec, Map<String, Map<String, JsonNode>> values) {

  /** Copies the values, keeping their order. */
  public CompiledSweep {
    if (compiled == null || spec == null) {
      throw new IllegalArgumentException("compiled and spec must not be null");
    }
    Map<String, Map<String, JsonNode>> copy = new LinkedHashMap<>();
    values.forEach((name, set) -> copy.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(set))));
    values = Collections.unmodifiableMap(copy);
  }

  /** How many branches the sweep expanded into. */
  public int size() {
    return compiled.branches().size();
  }
}
