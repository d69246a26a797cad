package dev.topiary.core.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * YAML's {@code .nan}, {@code .inf} and {@code -.inf} are numbers, but no recipe field takes
 * them: each is reported as an out-of-range value of its field ({@code stages[0].sparsity: must be
 * a finite number, got .nan}) before a record sees it.
 */
final class NonFiniteNumbers {

  private NonFiniteNumbers() {}

  /** Adds a problem for every non-finite number in {@code node}; true if there was one. */
  static boolean report(JsonNode node, String path, RecipeLocations locations, List<RecipeProblem> problems) {
    if (node == null) {
      return false;
    }
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      problems.add(locations.problem(path, "must be a finite number, got " + written(node.doubleValue())));
      return true;
    }
    boolean found = false;
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        found |= report(field.getValue(), RecipeLocations.child(path, field.getKey()), locations, problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        found |= report(node.get(i), path + "[" + i + "]", locations, problems);
      }
    }
    return found;
  }

  private static String written(double value) {
    return Double.isNaN(value) ? ".nan" : value > 0 ? ".inf" : "-.inf";
  }
}
