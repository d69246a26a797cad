package dev.topiary.core.recipe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One thing wrong with a recipe, with where it is.
 *
 * @param file the recipe file as the user named it, or null for a recipe built in code
 * @param line 1-based line in the file, or 0 if unknown
 * @param path the field path, e.g. {@code stages[2].sparsity}, or empty for the whole recipe
 * @param message what is wrong, with the bad value and the valid options
 */
public record RecipeProblem(String file, int line, String path, String message) {

  /** Checks the message is present and normalises the path. */
  public RecipeProblem {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
    path = path == null ? "" : path;
  }

  /** {@code recipe.yaml:14: stages[2].sparsity: must be in (0, 1), got 1.5}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    if (file != null) {
      out.append(file);
      if (line > 0) {
        out.append(':').append(line);
      }
      out.append(": ");
    }
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }

  /** A recipe value as a message quotes it: {@code 'high'}, {@code 1.5}, {@code a list}, {@code a map}, {@code nothing}. */
  public static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isTextual()) {
      return "'" + node.textValue() + "'";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a map";
    }
    return node.asText();
  }
}
