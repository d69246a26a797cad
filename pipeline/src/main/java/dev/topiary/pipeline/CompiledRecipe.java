package dev.topiary.pipeline;

import dev.topiary.core.recipe.Recipe;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recipe that passed every check, ready to run.
 *
 * @param recipe the resolved recipe: every stage named and its parameters written out in full,
 *     defaults included, as its record holds them
 * @param baseDirectory the folder relative paths in the recipe are resolved against (the recipe
 *     file's folder)
 * @param stages the bound stages in order (empty when the recipe has branches)
 * @param branches the bound stages of each branch, by branch name in recipe order; empty when the
 *     recipe has none
 */
public record CompiledRecipe(Recipe recipe, Path baseDirectory, List<BoundStage> stages,
    Map<String, List<BoundStage>> branches) {

  /** A compiled recipe without branches. */
  public CompiledRecipe(Recipe recipe, Path baseDirectory, List<BoundStage> stages) {
    this(recipe, baseDirectory, stages, Map.of());
  }

  /** Copies the stage lists. */
  public CompiledRecipe {
    if (recipe == null || baseDirectory == null) {
      throw new IllegalArgumentException("recipe and baseDirectory must not be null");
    }
    stages = List.copyOf(stages);
    Map<String, List<BoundStage>> copy = new LinkedHashMap<>();
    if (branches != null) {
      branches.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    }
    branches = Collections.unmodifiableMap(copy);
  }

  /** True if the recipe has {@code branches:}. */
  public boolean hasBranches() {
    return !branches.isEmpty();
  }

  /**
   * One branch as a recipe of its own: the branch's stages as {@code stages:}, the same data,
   * models, measure and seed (what a branch run and a sweep task execute).
   *
   * @throws IllegalArgumentException if there is no such branch
   */
  public CompiledRecipe branch(String name) {
    List<BoundStage> list = branches.get(name);
    if (list == null) {
      throw new IllegalArgumentException("no branch '" + name + "'; branches: " + branches.keySet());
    }
    return new CompiledRecipe(recipe.branch(name), baseDirectory, list);
  }
}
