package dev.topiary.core.recipe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each field of a recipe file is: the file as the user named it and, for every field path
 * ({@code stages[2].sparsity}), the 1-based line it starts on.
 *
 * @param file the recipe file as the user named it, or null for a recipe built in code
 * @param lines field path to line; the root path is the empty string
 */
public record RecipeLocations(String file, Map<String, Integer> lines) {

  /** Copies the map, keeping its order. */
  public RecipeLocations {
    lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
  }

  /** Locations of a recipe that has no file (built in code): every problem has line 0. */
  public static RecipeLocations none() {
    return new RecipeLocations(null, Map.of());
  }

  /**
   * The line of {@code path}, or of its nearest enclosing field that has one ({@code stages[2]}
   * for a missing {@code stages[2].sparsity}), or 0 if none is known.
   */
  public int lineOf(String path) {
    String current = path == null ? "" : path;
    while (true) {
      Integer line = lines.get(current);
      if (line != null) {
        return line;
      }
      if (current.isEmpty()) {
        return 0;
      }
      current = parent(current);
    }
  }

  /** A problem at {@code path}, located in this file. */
  public RecipeProblem problem(String path, String message) {
    return new RecipeProblem(file, lineOf(path), path, message);
  }

  /** {@code stages[2]} for {@code stages[2].sparsity}, {@code stages} for {@code stages[2]}, "" for {@code seed}. */
  static String parent(String path) {
    int dot = path.lastIndexOf('.');
    int bracket = path.lastIndexOf('[');
    int cut = Math.max(dot, bracket);
    return cut < 0 ? "" : path.substring(0, cut);
  }

  /** {@code parent.child}, or {@code child} at the root. */
  static String child(String parent, String field) {
    return parent.isEmpty() ? field : parent + "." + field;
  }
}
