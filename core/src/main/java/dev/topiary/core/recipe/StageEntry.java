package dev.topiary.core.recipe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One entry of a recipe's {@code stages:} list, before its parameters are bound to the stage
 * type's record. In YAML a stage is one flat map: {@code {type: prune.magnitude, name: prune-50,
 * sparsity: 0.5}}; {@code type} and {@code name} are taken out and the other keys are
 * {@code params}.
 *
 * @param type the registered stage type, e.g. {@code prune.magnitude}
 * @param name the stage's name, unique within the recipe: letters, digits, {@code .}, {@code _},
 *     {@code -}; it names the stage's folder in a run's output
 * @param params the remaining keys, unbound; the record keeps its own copy
 */
public record StageEntry(String type, String name, ObjectNode params) {

  /**
   * The most characters a recipe or stage name may have: it names a folder (with a time stamp or
   * position added), and file systems allow 255 bytes per name.
   */
  public static final int MAX_NAME_LENGTH = 200;

  /** Validates type and name and copies the parameters. */
  public StageEntry {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("type must not be blank");
    }
    checkName("name", name);
    params = params == null ? JsonNodeFactory.instance.objectNode() : params.deepCopy();
    if (params.has("type") || params.has("name")) {
      throw new IllegalArgumentException("params must not contain 'type' or 'name', got " + params);
    }
  }

  /** A copy of the parameters: changing it does not change this entry. */
  @Override
  public ObjectNode params() {
    return params.deepCopy();
  }

  /**
   * Checks a recipe or stage name: at most {@value #MAX_NAME_LENGTH} non-blank letters, digits,
   * {@code .}, {@code _} and {@code -}.
   *
   * @throws IllegalArgumentException naming {@code field} and the bad value
   */
  static void checkName(String field, String name) {
    if (name != null && name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException(field + " must be at most " + MAX_NAME_LENGTH
          + " characters long (it names a folder), got " + name.length() + " characters");
    }
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IllegalArgumentException(field
          + " must start with a letter or digit and hold only letters, digits, '.', '_' and '-', got '"
          + name + "'");
    }
  }
}
