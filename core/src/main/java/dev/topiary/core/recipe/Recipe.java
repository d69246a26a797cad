package dev.topiary.core.recipe;

import dev.topiary.core.data.DataSpec;
import dev.topiary.core.measure.MeterSettings;
import dev.topiary.core.source.ModelSpec;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * @param model the {@code model:} section: the baseline
 * @param models the {@code models:} section: further named models, each like {@code model:} (trained
 *     from an architecture or loaded from a file), which stages refer to as {@code @<name>}; in the
 *     order given, possibly empty
 * @param measure the {@code measure:} section; defaults when absent
 * @param stages the stages in order, with unique names
 */
public record Recipe(String name, long seed, DataSpec data, ModelSpec model, Map<String, ModelSpec> models,
    MeterSettings measure, List<StageEntry> stages) {

  /** The seed a recipe uses when it gives none. */
  public static final long DEFAULT_SEED = 42;

  /** The top-level keys a recipe may have, in the order they are written. */
  public static final List<String> KEYS = List.of("name", "seed", "data", "model", "models", "measure",
      "stages");

  /** Names a declared model may not take: they are the references {@code @baseline} and {@code @input}. */
  public static final Set<String> RESERVED_MODEL_NAMES = Set.of("baseline", "input");

  /** Validates the names, fills the measure defaults and copies the models and stages. */
  public Recipe {
    StageEntry.checkName("name", name);
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    if (model == null) {
      throw new IllegalArgumentException("model must not be null");
    }
    measure = measure == null ? MeterSettings.defaults() : measure;
    Map<String, ModelSpec> declared = new LinkedHashMap<>();
    if (models != null) {
      for (Map.Entry<String, ModelSpec> entry : models.entrySet()) {
        checkModelName(entry.getKey());
        if (entry.getValue() == null) {
          throw new IllegalArgumentException("models." + entry.getKey() + ": must not be empty; give train or file");
        }
        declared.put(entry.getKey(), entry.getValue());
      }
    }
    models = Collections.unmodifiableMap(declared);
    stages = stages == null ? List.of() : List.copyOf(stages);
    Set<String> names = new HashSet<>();
    for (StageEntry stage : stages) {
      if (!names.add(stage.name())) {
        throw new IllegalArgumentException("stage names must be unique, got '" + stage.name() + "' twice");
      }
      if (models.containsKey(stage.name())) {
        throw new IllegalArgumentException("stage name '" + stage.name() + "' is also the name of a model in models:; "
            + "references @" + stage.name() + " would be ambiguous");
      }
    }
  }

  /** A recipe without further named models (only the baseline). */
  public Recipe(String name, long seed, DataSpec data, ModelSpec model, MeterSettings measure,
      List<StageEntry> stages) {
    this(name, seed, data, model, Map.of(), measure, stages);
  }

  /**
   * Checks the name of a declared model: a valid name that is not {@code baseline} or {@code input}.
   *
   * @throws IllegalArgumentException naming the model and what is wrong
   */
  public static void checkModelName(String name) {
    StageEntry.checkName("models." + name + ": a model name", name);
    if (RESERVED_MODEL_NAMES.contains(name)) {
      throw new IllegalArgumentException("models." + name + ": '" + name + "' is reserved (@" + name
          + " already means " + (name.equals("baseline") ? "the recipe's model:" : "a stage's input model") + ")");
    }
  }

  /** This recipe with another seed (the command line's {@code --seed}, for runs over several seeds). */
  public Recipe withSeed(long newSeed) {
    return new Recipe(name, newSeed, data, model, models, measure, stages);
  }
}
