package dev.topiary.pruning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The diagnostics of one pruning: per-layer achieved sparsity and thresholds, and the overall
 * sparsity of the selected parameters.
 *
 * @param criterion the criterion's name
 * @param scope the plan's scope
 * @param granularity {@code unstructured} or {@code N:M}
 * @param rounds rounds of scoring and pruning run
 * @param layers one entry per selected layer, in layer order
 * @param globalThreshold with global scope, the largest pruned score of the shared ranking; else null
 * @param selectedWeights entries of all selected parameters
 * @param prunedWeights entries masked among them
 * @param sparsity {@code prunedWeights / selectedWeights}
 * @param note what the masks mean for speed and size
 */
public record PruningReport(String criterion, Scope scope, String granularity, int rounds,
    List<LayerPruning> layers, Double globalThreshold, long selectedWeights, long prunedWeights,
    double sparsity, String note) {

  /** The note every report carries. */
  public static final String SPEED_NOTE = "masks keep DL4J's dense weight arrays, so inference on this"
      + " backend is no faster; the gains show in the gzip-compressed model size";

  /** Copies the layer list. */
  public PruningReport {
    layers = List.copyOf(layers);
  }

  /** The report as stage diagnostics (an ordered map Jackson writes). */
  public Map<String, Object> diagnostics() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("criterion", criterion);
    map.put("scope", scope.recipeName());
    map.put("granularity", granularity);
    map.put("rounds", rounds);
    map.put("selectedWeights", selectedWeights);
    map.put("prunedWeights", prunedWeights);
    map.put("sparsity", sparsity);
    if (globalThreshold != null) {
      map.put("globalThreshold", globalThreshold);
    }
    map.put("layers", layers);
    map.put("note", note);
    return map;
  }
}
