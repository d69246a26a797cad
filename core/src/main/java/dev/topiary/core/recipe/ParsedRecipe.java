package dev.topiary.core.recipe;

import java.util.List;

/**
 * What {@link RecipeReader#parse} found in a recipe file: the recipe if it had no problems, the
 * stage entries it could read either way (so a compiler can check them too), where every field
 * is, and the problems in file order.
 *
 * @param recipe the recipe, or null if there were problems
 * @param stages the stage entries that could be read, with their indices in {@code stages:}
 * @param locations the file and the line of every field
 * @param problems every problem found, in file order; empty exactly when {@code recipe} is set
 */
public record ParsedRecipe(Recipe recipe, List<IndexedStage> stages, RecipeLocations locations,
    List<RecipeProblem> problems) {

  /** Copies the lists. */
  public ParsedRecipe {
    stages = List.copyOf(stages);
    problems = List.copyOf(problems);
    if ((recipe == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("a parsed recipe has either a recipe or problems, not both or neither");
    }
  }

  /**
   * A stage entry and its position in the recipe's {@code stages:} list.
   *
   * @param index 0-based position, as in the path {@code stages[index]}
   * @param entry the entry
   */
  public record IndexedStage(int index, StageEntry entry) {

    /** The entry's field path, e.g. {@code stages[2]}. */
    public String path() {
      return "stages[" + index + "]";
    }
  }
}
