package dev.topiary.distillation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.stage.ModelReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code student} parameter of {@code distill}: {@code "@input"} (distil into a copy of the
 * stage's input, keeping its masks and pruned structure), another model reference
 * ({@code "@small"}: a copy of a model declared under {@code models:}, e.g. one loaded from a
 * file, or of an earlier stage's output), or an architecture to build fresh:
 * {@code {architecture: mlp, hidden: [100], activation: relu, l2: 0, seed: 3, dropout: 0.5, inputDropout: 0.2}}
 * (the keys of {@code model.train} that describe the network; epochs, batch size, learning rate and
 * updater are the stage's own parameters).
 *
 * @param reference the model reference, or null for an architecture
 * @param architecture the architecture as a {@code model.train} map without training keys, or null
 */
public record StudentSource(String reference, ObjectNode architecture) {

  /** The keys an architecture student may have. */
  public static final Set<String> ARCHITECTURE_KEYS = Set.of("architecture", "hidden", "activation", "l2", "seed",
      "dropout", "inputDropout");

  /** Validates the reference or the architecture (by building a {@link TrainSpec} from it). */
  public StudentSource {
    if ((reference == null) == (architecture == null)) {
      throw new IllegalArgumentException("student: give a model reference such as \"@input\" or an architecture map");
    }
    if (reference != null && !ModelReference.isReference(reference)) {
      throw new IllegalArgumentException("student: expected \"@input\", a model reference such as \"@small\" or an "
          + "architecture map, got '" + reference + "' (to distil into a model file, declare it under models: "
          + "and refer to it)");
    }
    if (architecture != null) {
      architecture = architecture.deepCopy();
      List<String> unknown = new ArrayList<>();
      for (Iterator<String> keys = architecture.fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!ARCHITECTURE_KEYS.contains(key)) {
          unknown.add(key);
        }
      }
      if (!unknown.isEmpty()) {
        throw new IllegalArgumentException("student: unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown
            + "; valid: " + new TreeSet<>(ARCHITECTURE_KEYS)
            + " (epochs, batchSize, learningRate and updater are parameters of the stage)");
      }
      trainSpec(architecture, 1, 64, 0.001, "adam");
    }
  }

  /** The default student: the stage's input. */
  public static StudentSource input() {
    return new StudentSource(ModelReference.INPUT, null);
  }

  /** True for {@code @input}. */
  public boolean isInput() {
    return ModelReference.INPUT.equals(reference);
  }

  /**
   * Reads a reference string or an architecture map.
   *
   * @throws IllegalArgumentException if the value is neither or does not describe a valid student
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static StudentSource fromRecipe(JsonNode node) {
    if (node.isTextual()) {
      return new StudentSource(node.textValue(), null);
    }
    if (node.isObject()) {
      return new StudentSource(null, (ObjectNode) node);
    }
    throw new IllegalArgumentException("student: expected \"@input\", a model reference or an architecture map, got "
        + node);
  }

  /** The reference as a string, or the architecture as a map. */
  @JsonValue
  public JsonNode recipeValue() {
    return reference != null ? JsonNodeFactory.instance.textNode(reference) : architecture.deepCopy();
  }

  /**
   * The architecture with the stage's training settings, as a {@link TrainSpec} (used for its
   * network configuration only).
   */
  TrainSpec trainSpec(int epochs, int batchSize, Double learningRate, String updater) {
    return trainSpec(architecture, epochs, batchSize, learningRate, updater);
  }

  private static TrainSpec trainSpec(ObjectNode node, int epochs, int batchSize, Double learningRate, String updater) {
    try {
      return new TrainSpec(text(node, "architecture"), integers(node, "hidden"), text(node, "activation"), epochs,
          batchSize, learningRate, updater, number(node, "l2"),
          node.hasNonNull("seed") ? wholeNumber(node, "seed") : null, number(node, "dropout"),
          number(node, "inputDropout"));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(message.startsWith("model.train.")
          ? "student." + message.substring("model.train.".length()) : "student: " + message, e);
    }
  }

  private static String text(ObjectNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("student." + key + ": expected a string, got " + value);
    }
    return value.textValue();
  }

  private static Double number(ObjectNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException("student." + key + ": expected a number, got " + value);
    }
    return value.doubleValue();
  }

  private static Long wholeNumber(ObjectNode node, String key) {
    JsonNode value = node.get(key);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new IllegalArgumentException("student." + key + ": expected an integer, got " + value);
    }
    return value.longValue();
  }

  private static List<Integer> integers(ObjectNode node, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException("student." + key + ": expected a list of integers, got " + value);
    }
    List<Integer> out = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isIntegralNumber() || !element.canConvertToInt()) {
        throw new IllegalArgumentException("student." + key + ": expected a list of integers, got " + value);
      }
      out.add(element.intValue());
    }
    return out;
  }
}
