package dev.topiary.pipeline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.RecipeWriter;
import dev.topiary.core.recipe.TopiaryJson;

/**
 * Writes {@code report.json}:
 * {@code {"recipe": …, "provenance": {…}, "baseline": M, "models": [{"name", "description",
 * "metrics": M}] (only when the recipe declares models), "stages": [{"name", "type",
 * "elapsedMillis", "metrics": M, "diagnostics": {…}, "regression": {"classAccuracy": [per class],
 * "classAccuracyChangePoints": [per class], "agreement", "rightToWrong", "wrongToRight"} (when the
 * meter gave predictions)}], "gates": [{"gate", "model", "measured", "bound", "passed"}] (only when
 * the recipe has {@code assert:})}} where {@code M} holds
 * {@code parameters, nonZeroParameters, sparsity, fileBytes, gzipBytes, latency: {batch<N>:
 * {batchSize, p50Micros, p95Micros, calls}}, accuracy, loss}. The README documents every field.
 */
public final class JsonReport {

  private final TopiaryJson json;

  /** A writer using Topiary's mappers. */
  public JsonReport(TopiaryJson json) {
    this.json = json;
  }

  /** The report as a JSON tree. */
  public ObjectNode toTree(PipelineReport report) {
    ObjectMapper mapper = json.json();
    ObjectNode root = mapper.createObjectNode();
    root.set("recipe", new RecipeWriter(json).toTree(report.recipe()));
    root.set("provenance", mapper.valueToTree(report.provenance()));
    root.set("baseline", metrics(mapper, report.baseline()));
    if (!report.models().isEmpty()) {
      ArrayNode models = root.putArray("models");
      for (ModelReport model : report.models()) {
        ObjectNode node = models.addObject();
        node.put("name", model.name());
        node.put("description", model.description());
        node.set("metrics", metrics(mapper, model.metrics()));
      }
    }
    ArrayNode stages = root.putArray("stages");
    for (StageReport stage : report.stages()) {
      ObjectNode node = stages.addObject();
      node.put("name", stage.name());
      node.put("type", stage.type());
      node.put("elapsedMillis", stage.elapsedMillis());
      node.set("metrics", metrics(mapper, stage.metrics()));
      node.set("diagnostics", mapper.valueToTree(stage.diagnostics()));
      if (stage.regression() != null) {
        node.set("regression", mapper.valueToTree(stage.regression()));
      }
    }
    if (!report.gates().isEmpty()) {
      ArrayNode gates = root.putArray("gates");
      for (dev.topiary.pipeline.gate.GateResult gate : report.gates()) {
        ObjectNode node = gates.addObject();
        node.put("gate", gate.gate());
        node.put("model", gate.model());
        node.put("measured", gate.measured());
        node.put("bound", gate.bound());
        node.put("passed", gate.passed());
      }
    }
    return root;
  }

  /** The report as indented JSON text, ending with a newline. */
  public String write(PipelineReport report) {
    try {
      return json.json().writeValueAsString(toTree(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a report tree could not be written: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode metrics(ObjectMapper mapper, Metrics metrics) {
    ObjectNode node = mapper.createObjectNode();
    node.put("parameters", metrics.parameters());
    node.put("nonZeroParameters", metrics.nonZeroParameters());
    node.put("sparsity", metrics.sparsity());
    node.put("fileBytes", metrics.fileBytes());
    node.put("gzipBytes", metrics.gzipBytes());
    node.set("latency", mapper.valueToTree(metrics.latency()));
    node.put("accuracy", metrics.accuracy());
    node.put("loss", metrics.loss());
    return node;
  }
}
