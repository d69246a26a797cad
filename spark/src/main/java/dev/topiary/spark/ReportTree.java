package dev.topiary.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.Recipe;
import dev.topiary.pipeline.gate.GateResult;
import dev.topiary.pipeline.report.ModelReport;
import dev.topiary.pipeline.report.PipelineReport;
import dev.topiary.pipeline.report.Provenance;
import dev.topiary.pipeline.report.Regression;
import dev.topiary.pipeline.report.StageReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back the {@code report.json} tree a task returned, so that the driver builds the same
 * comparison as {@code topiary compare} from it. The recipe is the driver's own (the branch's),
 * not read from the tree.
 */
final class ReportTree {

  private ReportTree() {}

  static PipelineReport read(JsonNode root, Recipe recipe, ObjectMapper mapper) {
    List<ModelReport> models = new ArrayList<>();
    for (JsonNode model : root.path("models")) {
      models.add(new ModelReport(model.get("name").asText(), model.get("description").asText(),
          metrics(model.get("metrics"), mapper)));
    }
    List<StageReport> stages = new ArrayList<>();
    for (JsonNode stage : root.path("stages")) {
      Map<String, Object> diagnostics = mapper.convertValue(stage.get("diagnostics"),
          new TypeReference<LinkedHashMap<String, Object>>() {});
      stages.add(new StageReport(stage.get("name").asText(), stage.get("type").asText(),
          stage.get("elapsedMillis").asLong(), metrics(stage.get("metrics"), mapper), diagnostics,
          regression(stage.get("regression"))));
    }
    List<GateResult> gates = new ArrayList<>();
    for (JsonNode gate : root.path("gates")) {
      gates.add(new GateResult(gate.get("gate").asText(), gate.get("model").asText(), number(gate.get("measured")),
          number(gate.get("bound")), gate.get("passed").asBoolean()));
    }
    return new PipelineReport(recipe, provenance(root.get("provenance")), metrics(root.get("baseline"), mapper),
        models, stages, gates);
  }

  private static Regression regression(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return new Regression(numbers(node.get("classAccuracy")), numbers(node.get("classAccuracyChangePoints")),
        number(node.get("agreement")), node.get("rightToWrong").asInt(), node.get("wrongToRight").asInt());
  }

  private static List<Double> numbers(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(value -> values.add(number(value)));
    return values;
  }

  /** A number, or NaN where the writer wrote one as text or null. */
  private static double number(JsonNode value) {
    return value == null || !value.isNumber() ? Double.NaN : value.doubleValue();
  }

  static Metrics metrics(JsonNode node, ObjectMapper mapper) {
    Map<String, LatencyStats> latency = new LinkedHashMap<>();
    node.path("latency").fields().forEachRemaining(entry -> {
      JsonNode stats = entry.getValue();
      latency.put(entry.getKey(), new LatencyStats(stats.get("batchSize").asInt(), stats.get("p50Micros").asDouble(),
          stats.get("p95Micros").asDouble(), stats.get("calls").asInt()));
    });
    return new Metrics(node.get("parameters").asLong(), node.get("nonZeroParameters").asLong(),
        node.get("fileBytes").asLong(), node.get("gzipBytes").asLong(), latency, node.get("accuracy").asDouble(),
        node.get("loss").asDouble());
  }

  private static Provenance provenance(JsonNode p) {
    JsonNode threads = p.get("measureThreads");
    JsonNode cache = p.get("baselineCache");
    return new Provenance(text(p, "recipeSha256"), p.path("seed").asLong(), text(p, "topiaryVersion"),
        text(p, "dl4jVersion"), text(p, "nd4jVersion"), text(p, "javaVersion"), text(p, "javaVendor"),
        text(p, "os"), text(p, "cpuModel"), p.path("availableProcessors").asInt(), text(p, "ompNumThreads"),
        threads == null || threads.isNull() ? null : threads.asInt(), text(p, "startTime"),
        cache == null || cache.isNull() ? null : cache.asText());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
