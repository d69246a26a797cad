package dev.topiary.core.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.topiary.core.data.DataSpec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a recipe back as YAML or JSON in the form {@link RecipeReader} reads: keys in the order
 * {@code name, seed, data, model, models, measure, stages, assert} ({@code models} only when
 * the recipe declares any; {@code branches} in place of {@code stages} when it has branches;
 * {@code assert} only with gates), every stage as one flat map with its
 * {@code type} and {@code name} first. Values the records filled in (defaults) are written, so
 * the output is the resolved recipe; reading it back gives an equal {@link Recipe}.
 */
public final class RecipeWriter {

  private final TopiaryJson json;

  /** A writer using Topiary's mappers. */
  public RecipeWriter(TopiaryJson json) {
    this.json = json;
  }

  /** The recipe as a JSON tree (what a report embeds). */
  public ObjectNode toTree(Recipe recipe) {
    ObjectMapper mapper = json.json();
    ObjectNode root = mapper.createObjectNode();
    root.put("name", recipe.name());
    root.put("seed", recipe.seed());
    root.set("data", asTree(mapper, recipe.data(), DataSpec.class));
    root.set("model", mapper.valueToTree(recipe.model()));
    if (!recipe.models().isEmpty()) {
      ObjectNode models = root.putObject("models");
      recipe.models().forEach((name, spec) -> models.set(name, mapper.valueToTree(spec)));
    }
    JsonNode measure = mapper.valueToTree(recipe.measure());
    if (measure != null && !measure.isEmpty()) {
      root.set("measure", measure);
    }
    if (recipe.hasBranches()) {
      ObjectNode branches = root.putObject("branches");
      recipe.branches().forEach((name, list) -> writeStages(branches.putArray(name), list));
    } else {
      writeStages(root.putArray("stages"), recipe.stages());
    }
    if (recipe.gates() != null) {
      root.set("assert", mapper.valueToTree(recipe.gates()));
    }
    return root;
  }

  private static void writeStages(ArrayNode array, java.util.List<StageEntry> stages) {
    for (StageEntry stage : stages) {
      ObjectNode node = array.addObject();
      node.put("type", stage.type());
      node.put("name", stage.name());
      node.setAll(stage.params());
    }
  }

  /** The recipe as YAML text. */
  public String toYaml(Recipe recipe) {
    return write(json.yaml(), recipe);
  }

  /** The recipe as JSON text, indented. */
  public String toJson(Recipe recipe) {
    return write(json.json(), recipe);
  }

  private String write(ObjectMapper mapper, Recipe recipe) {
    try {
      return mapper.writeValueAsString(toTree(recipe));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a recipe tree could not be written: " + e.getOriginalMessage(), e);
    }
  }

  /** Serialises {@code value} as its declared type, so a polymorphic type writes its type key. */
  private static JsonNode asTree(ObjectMapper mapper, Object value, Class<?> declared) {
    try (TokenBuffer buffer = new TokenBuffer(mapper, false)) {
      mapper.writerFor(declared).writeValue(buffer, value);
      return mapper.readTree(buffer.asParser());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + declared.getSimpleName() + " " + value, e);
    }
  }
}
