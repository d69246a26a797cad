package dev.topiary.core.recipe;

import dev.topiary.core.BadInputException;
import java.util.List;
import java.util.stream.Collectors;

/** A recipe has one or more problems; all of them are reported at once, one per line. */
public final class RecipeException extends BadInputException {

  private static final long serialVersionUID = 1L;

  private final transient List<RecipeProblem> problems;

  /**
   * A recipe with these problems.
   *
   * @throws IllegalArgumentException if the list is empty
   */
  public RecipeException(List<RecipeProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order they appear in the recipe. */
  public List<RecipeProblem> problems() {
    return problems;
  }

  private static String message(List<RecipeProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RecipeException needs at least one problem");
    }
    String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
    return "recipe has " + count + ":\n" + problems.stream()
        .map(problem -> "  " + problem).collect(Collectors.joining("\n"));
  }
}
