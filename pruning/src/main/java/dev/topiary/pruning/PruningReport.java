package dev.topiary.pruning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /** A layer with fewer weights than this is "small" for {@link #warnings()}. */
  public static final long SMALL_LAYER_WEIGHTS = 1000;

  /** A small layer pruned to at least this sparsity gets a warning. */
  public static final double HARD_SPARSITY = 0.5;

  /** Copies the layer list. */
  public PruningReport {
    layers = List.copyOf(layers);
  }

  /**
   * One warning per small layer (fewer than {@link #SMALL_LAYER_WEIGHTS} selected entries) pruned
   * to {@link #HARD_SPARSITY} or more: such layers (a first convolution, a narrow classifier) are
   * the most sensitive, and the TensorFlow tutorial's recipe loses several times more accuracy
   * when its 108-weight convolution is pruned to the full amount (issue 7).
   */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (LayerPruning layer : layers) {
      if (layer.weights() < SMALL_LAYER_WEIGHTS && layer.sparsity() >= HARD_SPARSITY) {
        warnings.add(String.format(Locale.ROOT, "layer %d (%s, %s) has only %d weights and is pruned to %.1f %%;"
            + " small layers are sensitive: rank all layers together (scope: global), leave it out (skipFirst,"
            + " skipLast, layers) or give it a smaller override", layer.index(), layer.name(), layer.type(),
            layer.weights(), 100 * layer.sparsity()));
      }
    }
    return warnings;
  }

  /**
   * How the output layer was treated, or null if it was not selected: in the shared ranking with
   * global scope, else pruned to the layer amount; {@code skipLast} leaves it out.
   */
  public String outputLayer() {
    for (LayerPruning layer : layers) {
      if (layer.type().equals(LayerSelection.OUTPUT)) {
        String how = scope == Scope.GLOBAL
            ? "ranked with the other selected layers in the one global pool" : "pruned to the amount on its own";
        return String.format(Locale.ROOT, "layer %d (%s) is selected and %s: %d of %d weights pruned (%.1f %%);"
            + " skipLast: true leaves it out", layer.index(), layer.name(), how, layer.pruned(), layer.weights(),
            100 * layer.sparsity());
      }
    }
    return null;
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
    String output = outputLayer();
    if (output != null) {
      map.put("outputLayer", output);
    }
    List<String> warnings = warnings();
    if (!warnings.isEmpty()) {
      map.put("warnings", warnings);
    }
    map.put("note", note);
    return map;
  }
}
