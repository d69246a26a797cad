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
 * @param stages the stages in order, with unique names; empty when the recipe has branches
 * @param branches the {@code branches:} section: named lists of stages, each applied to its own copy
 *     of the same baseline (stage names unique within a branch); in the order given, possibly empty.
 *     A recipe has {@code stages:} or {@code branches:}, not both.
 * @param gates the {@code assert:} section: bounds for the final model of the run and of every
 *     branch, or null
 */
public record Recipe(String name, long seed, DataSpec data, ModelSpec model, Map<String, ModelSpec> models,
    MeterSettings measure, List<StageEntry> stages, Map<String, List<StageEntry>> branches, Gates gates) {

  /** The seed a recipe uses when it gives none. */
  public static final long DEFAULT_SEED = 42;

  /** The top-level keys a recipe may have, in the order they are written. */
  public static final List<String> KEYS = List.of("name", "seed", "data", "model", "models", "measure",
      "stages", "branches", "assert", "sweep");

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
    checkStageNames("", stages, models);
    Map<String, List<StageEntry>> named = new LinkedHashMap<>();
    if (branches != null) {
      if (!branches.isEmpty() && !stages.isEmpty()) {
        throw new IllegalArgumentException("give stages: or branches:, not both (a branch is a list of stages "
            + "applied to its own copy of the baseline)");
      }
      for (Map.Entry<String, List<StageEntry>> branch : branches.entrySet()) {
        checkBranchName(branch.getKey());
        if (branch.getValue() == null || branch.getValue().isEmpty()) {
          throw new IllegalArgumentException("branches." + branch.getKey() + ": a branch needs at least one stage");
        }
        List<StageEntry> list = List.copyOf(branch.getValue());
        checkStageNames("branches." + branch.getKey() + ": ", list, models);
        named.put(branch.getKey(), list);
      }
    }
    branches = Collections.unmodifiableMap(named);
  }

  /** A recipe without branches or gates. */
  public Recipe(String name, long seed, DataSpec data, ModelSpec model, Map<String, ModelSpec> models,
      MeterSettings measure, List<StageEntry> stages) {
    this(name, seed, data, model, models, measure, stages, Map.of(), null);
  }

  /** A recipe without gates. */
  public Recipe(String name, long seed, DataSpec data, ModelSpec model, Map<String, ModelSpec> models,
      MeterSettings measure, List<StageEntry> stages, Map<String, List<StageEntry>> branches) {
    this(name, seed, data, model, models, measure, stages, branches, null);
  }

  private static void checkStageNames(String where, List<StageEntry> stages, Map<String, ModelSpec> models) {
    Set<String> names = new HashSet<>();
    for (StageEntry stage : stages) {
      if (!names.add(stage.name())) {
        throw new IllegalArgumentException(where + "stage names must be unique, got '" + stage.name() + "' twice");
      }
      if (models.containsKey(stage.name())) {
        throw new IllegalArgumentException(where + "stage name '" + stage.name() + "' is also the name of a model in "
            + "models:; references @" + stage.name() + " would be ambiguous");
      }
    }
  }

  /**
   * Checks the name of a branch: a valid name (it names the branch's report folder).
   *
   * @throws IllegalArgumentException naming the branch and what is wrong
   */
  public static void checkBranchName(String name) {
    StageEntry.checkName("branches." + name + ": a branch name", name);
  }

  /** True if the recipe has {@code branches:}. */
  public boolean hasBranches() {
    return !branches.isEmpty();
  }

  /**
   * The recipe one branch runs: this recipe's data, models, measure and seed with the branch's
   * stages as its {@code stages:} and no branches.
   *
   * @throws IllegalArgumentException if there is no such branch
   */
  public Recipe branch(String branchName) {
    List<StageEntry> list = branches.get(branchName);
    if (list == null) {
      throw new IllegalArgumentException("no branch '" + branchName + "'; branches: " + branches.keySet());
    }
    return new Recipe(name, seed, data, model, models, measure, list, Map.of(), gates);
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
    return new Recipe(name, newSeed, data, model, models, measure, stages, branches, gates);
  }
}
