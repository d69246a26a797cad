package dev.topiary.pipeline;

import dev.topiary.core.recipe.Recipe;
import java.nio.file.Path;
import java.util.List;

/**
 * A recipe that passed every check, ready to run.
 *
 * @param recipe the resolved recipe: every stage named and its parameters written out in full,
 *     defaults included, as its record holds them
 * @param baseDirectory the folder relative paths in the recipe are resolved against (the recipe
 *     file's folder)
 * @param stages the bound stages in order
 */
public record CompiledRecipe(Recipe recipe, Path baseDirectory, List<BoundStage> stages) {

  /** Copies the stage list. */
  public CompiledRecipe {
    if (recipe == null || baseDirectory == null) {
      throw new IllegalArgumentException("recipe and baseDirectory must not be null");
    }
    stages = List.copyOf(stages);
  }
}
