package dev.topiary.core.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link RecipeReader#parse} found in a recipe file: the recipe if it had no problems, the
 * stage entries it could read either way (so a compiler can check them too), where every field
 * is, and the problems in file order.
 *
 * @param recipe the recipe, or null if there were problems
 * @param stages the stage entries that could be read, with their indices in {@code stages:}
 * @param locations the file and the line of every field
 * @param problems every problem found, in file order; empty exactly when {@code recipe} is set
 * @param branches the stage entries of each branch under {@code branches:} that could be read, by
 *     branch name in file order; empty when the recipe has none
 */
public record ParsedRecipe(Recipe recipe, List<IndexedStage> stages, RecipeLocations locations,
    List<RecipeProblem> problems, Map<String, List<IndexedStage>> branches) {

  /** A parsed recipe without branches. */
  public ParsedRecipe(Recipe recipe, List<IndexedStage> stages, RecipeLocations locations,
      List<RecipeProblem> problems) {
    this(recipe, stages, locations, problems, Map.of());
  }

  /** Copies the lists. */
  public ParsedRecipe {
    stages = List.copyOf(stages);
    problems = List.copyOf(problems);
    Map<String, List<IndexedStage>> copy = new LinkedHashMap<>();
    if (branches != null) {
      branches.forEach((name, list) -> copy.put(name, List.copyOf(list)));
    }
    branches = Collections.unmodifiableMap(copy);
    if ((recipe == null) == problems.isEmpty()) {
      throw new IllegalArgumentException("a parsed recipe has either a recipe or problems, not both or neither");
    }
  }

  /**
   * A stage entry and its position in the recipe's {@code stages:} list.
   *
   * @param index 0-based position, as in the path {@code stages[index]}
   * @param entry the entry
   * @param list the field path of the list the entry is in: {@code stages} or
   *     {@code branches.<name>}
   */
  public record IndexedStage(int index, StageEntry entry, String list) {

    /** An entry of the recipe's {@code stages:} list. */
    public IndexedStage(int index, StageEntry entry) {
      this(index, entry, "stages");
    }

    /** Defaults the list to {@code stages}. */
    public IndexedStage {
      list = list == null ? "stages" : list;
    }

    /** The entry's field path, e.g. {@code stages[2]} or {@code branches.fast[0]}. */
    public String path() {
      return list + "[" + index + "]";
    }
  }
}
