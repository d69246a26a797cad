package dev.topiary.pipeline.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.topiary.core.measure.LatencyStats;
import dev.topiary.core.measure.Metrics;
import dev.topiary.core.recipe.TopiaryJson;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes {@code comparison.json}: {@code {"name", "baseline": M, "baselineReused",
 * "branches": [{"name", "folder", "finalStage", "metrics": M, "gzipTimesSmaller",
 * "batch1TimesFaster" (null when the p50–p95 ranges overlap or batch 1 was not timed),
 * "accuracyChangePoints", "paretoSize", "paretoLatency"}]}} where {@code M} is the metrics
 * object of {@code report.json}. Each branch's full report is in its folder's {@code report.json}.
 * With {@code --repeat N} ({@code N ≥ 2}) the root also holds {@code "repeats": N} and
 * {@code "baselineBatch1P50Micros": [N medians]}, each branch {@code "batch1P50Micros": [N medians]}
 * and {@code "batch1TimesFasterRange": [low, high]}, and {@code batch1TimesFaster} is null also
 * when the run-to-run ranges of baseline and branch overlap.
 */
public final class ComparisonJson {

  private final TopiaryJson json;

  /** A writer using Topiary's mappers. */
  public ComparisonJson(TopiaryJson json) {
    this.json = json;
  }

  /** The comparison as a JSON tree. */
  public ObjectNode toTree(ComparisonReport comparison) {
    ObjectMapper mapper = json.json();
    ObjectNode root = mapper.createObjectNode();
    root.put("name", comparison.name());
    root.set("baseline", metrics(mapper, comparison.baseline()));
    root.put("baselineReused", comparison.baselineReused());
    LatencyRepeats baseRuns = comparison.baselineRepeats();
    if (baseRuns != null) {
      root.put("repeats", comparison.repeats());
      root.set("baselineBatch1P50Micros", mapper.valueToTree(baseRuns.batch1P50Micros()));
    }
    Set<String> size = comparison.paretoBySize().stream().map(BranchReport::name).collect(Collectors.toSet());
    Set<String> latency = comparison.paretoByLatency().stream().map(BranchReport::name).collect(Collectors.toSet());
    ArrayNode branches = root.putArray("branches");
    Metrics base = comparison.baseline();
    for (BranchReport branch : comparison.branches()) {
      Metrics m = branch.finalMetrics();
      ObjectNode node = branches.addObject();
      node.put("name", branch.name());
      node.put("folder", branch.folder());
      node.put("finalStage", branch.finalStage());
      node.set("metrics", metrics(mapper, m));
      node.put("gzipTimesSmaller", m.gzipBytes() > 0 ? (double) base.gzipBytes() / m.gzipBytes() : null);
      LatencyStats mine = m.latency().get("batch1");
      LatencyStats theirs = base.latency().get("batch1");
      LatencyRepeats runs = branch.repeats();
      if (mine == null || theirs == null || Ratios.overlaps(mine, theirs) || mine.p50Micros() <= 0
          || (runs != null && baseRuns != null && runs.overlaps(baseRuns))) {
        node.putNull("batch1TimesFaster");
      } else {
        node.put("batch1TimesFaster", theirs.p50Micros() / mine.p50Micros());
      }
      if (runs != null && baseRuns != null) {
        node.set("batch1P50Micros", mapper.valueToTree(runs.batch1P50Micros()));
        double[] range = runs.fasterRange(baseRuns);
        node.putArray("batch1TimesFasterRange").add(range[0]).add(range[1]);
      }
      node.put("accuracyChangePoints", 100 * (m.accuracy() - base.accuracy()));
      node.put("paretoSize", size.contains(branch.name()));
      node.put("paretoLatency", latency.contains(branch.name()));
    }
    if (!comparison.unfinished().isEmpty()) {
      ArrayNode unfinished = root.putArray("unfinished");
      for (UnfinishedBranch branch : comparison.unfinished()) {
        unfinished.addObject().put("name", branch.name()).put("status", branch.status())
            .put("message", branch.message());
      }
    }
    return root;
  }

  /** The comparison as indented JSON text, ending with a newline. */
  public String write(ComparisonReport comparison) {
    try {
      return json.json().writeValueAsString(toTree(comparison)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a comparison tree could not be written: " + e.getOriginalMessage(), e);
    }
  }

  static ObjectNode metrics(ObjectMapper mapper, Metrics metrics) {
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
