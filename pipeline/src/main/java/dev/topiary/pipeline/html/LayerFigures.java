package dev.topiary.pipeline.html;

import dev.topiary.pipeline.report.StageReport;
import dev.topiary.pruning.LayerPruning;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-layer figures stages report in their diagnostics, read for the HTML charts: the achieved
 * sparsity of each pruned layer (the {@code layers} of a pruning stage's diagnostics, or of its
 * {@code pruning} section for the lottery ticket search) and the weight bits of each layer of an
 * int8 stage (its {@code layers}, each with {@code precision} {@code int8} or {@code fp32}, or a
 * {@code kernel} whose label names int8). A layer entry is a {@link LayerPruning} or a map, as the
 * stages put them and as {@code report.json} reads back.
 */
final class LayerFigures {

  private LayerFigures() {}

  /** Per stage that reports it, in stage order: the achieved sparsity (0 to 1) of each layer, by layer label. */
  static Map<String, Map<String, Double>> sparsity(List<StageReport> stages) {
    Map<String, Map<String, Double>> result = new LinkedHashMap<>();
    for (StageReport stage : stages) {
      Map<String, Double> layers = new LinkedHashMap<>();
      for (Object entry : layerEntries(stage.diagnostics())) {
        if (entry instanceof LayerPruning layer) {
          layers.put(label(layer.name(), layer.index()), layer.sparsity());
        } else if (entry instanceof Map<?, ?> map && map.get("sparsity") instanceof Number sparsity) {
          layers.put(label(map), sparsity.doubleValue());
        }
      }
      if (!layers.isEmpty()) {
        result.put(stage.name(), layers);
      }
    }
    return result;
  }

  /**
   * Per stage that keeps at least one layer's weights in int8, in stage order: the weight bits of
   * each layer with weights (8 for int8, 32 for fp32), by layer label.
   */
  static Map<String, Map<String, Double>> weightBits(List<StageReport> stages) {
    Map<String, Map<String, Double>> result = new LinkedHashMap<>();
    for (StageReport stage : stages) {
      Map<String, Double> layers = new LinkedHashMap<>();
      for (Object entry : layerEntries(stage.diagnostics())) {
        if (!(entry instanceof Map<?, ?> map)) {
          continue;
        }
        Double bits = null;
        if (map.get("precision") instanceof String precision) {
          bits = precision.equals("int8") ? 8.0 : precision.equals("fp32") ? 32.0 : null;
        } else if (map.get("kernel") instanceof String kernel && !kernel.equals("none")) {
          bits = kernel.contains("int8") ? 8.0 : 32.0;
        }
        if (bits != null) {
          layers.put(label(map), bits);
        }
      }
      if (layers.containsValue(8.0)) {
        result.put(stage.name(), layers);
      }
    }
    return result;
  }

  /** The {@code layers} list of the diagnostics, or of their {@code pruning} section; empty if neither. */
  private static List<?> layerEntries(Map<String, Object> diagnostics) {
    if (diagnostics.get("layers") instanceof List<?> layers) {
      return layers;
    }
    if (diagnostics.get("pruning") instanceof Map<?, ?> pruning && pruning.get("layers") instanceof List<?> layers) {
      return layers;
    }
    return List.of();
  }

  private static String label(Map<?, ?> entry) {
    Object index = entry.get("layer");
    for (String key : List.of("name", "source")) {
      if (entry.get(key) instanceof String name && !name.isBlank()) {
        return name;
      }
    }
    return "layer " + (index == null ? "?" : index);
  }

  private static String label(String name, int index) {
    return name == null || name.isBlank() ? "layer " + index : name;
  }
}
