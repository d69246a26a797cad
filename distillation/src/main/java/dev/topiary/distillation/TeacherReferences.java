package dev.topiary.distillation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import dev.topiary.core.stage.ModelReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code teacher} parameter of {@code distill}: one model reference ({@code "@baseline"}) or a
 * list of them (an ensemble, {@code ["@t1", "@t2", "@t3"]}). References are quoted in YAML, where
 * a bare {@code @} cannot start a value.
 *
 * @param references the references, in order, at least one, no repeats
 */
public record TeacherReferences(List<String> references) {

  /** Validates every reference. */
  public TeacherReferences {
    if (references == null || references.isEmpty()) {
      throw new IllegalArgumentException("teacher: give one model reference or a list of them, e.g. \"@baseline\"");
    }
    references = List.copyOf(references);
    for (String reference : references) {
      if (!ModelReference.isReference(reference)) {
        throw new IllegalArgumentException("teacher: a model reference is '@' and a name (@baseline, @<model name>, "
            + "@<stage name>), got '" + reference + "'");
      }
      if (references.indexOf(reference) != references.lastIndexOf(reference)) {
        throw new IllegalArgumentException("teacher: '" + reference + "' is given twice");
      }
    }
  }

  /** One teacher. */
  public static TeacherReferences of(String reference) {
    return new TeacherReferences(List.of(reference));
  }

  /**
   * Reads a string or a list of strings.
   *
   * @throws IllegalArgumentException if the value is neither, or a reference is malformed
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static TeacherReferences fromRecipe(JsonNode node) {
    if (node.isTextual()) {
      return of(node.textValue());
    }
    if (node.isArray()) {
      List<String> references = new ArrayList<>();
      for (JsonNode element : node) {
        if (!element.isTextual()) {
          throw new IllegalArgumentException("teacher: expected model references (strings such as \"@baseline\"), "
              + "got " + element);
        }
        references.add(element.textValue());
      }
      return new TeacherReferences(references);
    }
    throw new IllegalArgumentException("teacher: expected a model reference such as \"@baseline\" or a list of "
        + "them, got " + node);
  }

  /** A single reference is written as a string, several as a list. */
  @JsonValue
  public Object recipeValue() {
    return references.size() == 1 ? references.get(0) : references;
  }
}
