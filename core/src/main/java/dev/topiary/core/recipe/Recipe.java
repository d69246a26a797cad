package dev.topiary.core.recipe;

import dev.topiary.core.data.DataSpec;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.source.ModelSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recipe: where the data comes from, how the baseline model is made, how models are measured,
 * and the stages applied to it in order. Read by {@link RecipeReader}, written by
 * {@link RecipeWriter}; a recipe read back from its own YAML is equal to it.
 *
 * @param name the recipe's name (defaults to the file name without extension); letters, digits,
 *     {@code .}, {@code _}, {@code -}
 * @param seed the one seed of the run; each stage gets its own seed derived from it (default 42)
 * @param data the {@code data:} section
 * @param model the {@code model:} section
 * @param measure the {@code measure:} section; defaults when absent
 * @param stages the stages in order, with unique names
 */
public record Recipe(String name, long seed, DataSpec data, ModelSpec model, MeterSettings measure,
    List<StageEntry> stages) {

  /** The seed a recipe uses when it gives none. */
  public static final long DEFAULT_SEED = 42;

  /** The top-level keys a recipe may have, in the order they are written. */
  public static final List<String> KEYS = List.of("name", "seed", "data", "model", "measure", "stages");

  /** Validates the name and the stage names, fills the measure defaults and copies the stages. */
  public Recipe {
    StageEntry.checkName("name", name);
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    measure = measure == null ? MeterSettings.defaults() : measure;
    stages = stages == null ? List.of() : List.copyOf(stages);
    Set<String> names = new HashSet<>();
    for (StageEntry stage : stages) {
      if (!names.add(stage.name())) {
        throw new IllegalArgumentException("stage names must be unique, got '" + stage.name() + "' twice");
      }
    }
  }

  /** This recipe with another seed (the command line's {@code --seed}, for runs over several seeds). */
  public Recipe withSeed(long newSeed) {
    return new Recipe(name, newSeed, data, model, measure, stages);
  }
}
