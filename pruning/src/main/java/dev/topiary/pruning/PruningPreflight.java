package dev.topiary.pruning;

import dev.topiary.core.stage.PreflightProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The checks a pruning stage's parameters get against the baseline's untrained network before
 * any work (see {@link dev.topiary.core.stage.PreflightCheck}): every {@code layers} entry names a
 * layer with prunable weights, something is selected, every {@code overrides} key names a selected
 * layer, and an N:M {@code granularity} divides every selected layer's fan-in. Each problem names
 * its field ({@code layers[1]}, {@code overrides.dense9}, {@code granularity}).
 */
public final class PruningPreflight {

  private PruningPreflight() {}

  /** The problems of {@code plan} on {@code network}; empty if there is none. */
  public static List<PreflightProblem> check(PruningPlan plan, MultiLayerNetwork network) {
    List<PreflightProblem> problems = new ArrayList<>(check(plan.selection(), network));
    if (!problems.isEmpty()) {
      return problems;
    }
    List<Integer> selected = plan.selection().selectedLayers(network);
    for (Map.Entry<String, Double> override : plan.overrides().entrySet()) {
      String field = "overrides." + override.getKey();
      try {
        for (int index : LayerSelection.layersMatching(network, override.getKey(), field)) {
          if (!selected.contains(index)) {
            problems.add(new PreflightProblem(field, "layer " + index + " (" + LayerSelection.layerName(network, index)
                + ") is not selected for pruning; selected layers: "
                + LayerSelection.describeLayers(network, selected)));
          }
        }
      } catch (IllegalArgumentException e) {
        problems.add(new PreflightProblem(field, withoutField(field, e.getMessage())));
      }
    }
    Granularity granularity = plan.granularity();
    if (!granularity.unstructured()) {
      for (PrunableParameter param : plan.selection().resolve(network)) {
        if (param.fanIn() % granularity.m() != 0) {
          problems.add(new PreflightProblem("granularity", granularity + " needs the fan-in of layer "
              + param.layerIndex() + " (" + param.layerName() + ") to be a multiple of " + granularity.m()
              + ", got " + param.fanIn()));
        }
      }
    }
    return problems;
  }

  /**
   * The problems of {@code selection} on {@code network}: one per {@code layers} entry that names
   * no layer or a layer without prunable weights, or one for {@code layers} if nothing is selected.
   */
  public static List<PreflightProblem> check(LayerSelection selection, MultiLayerNetwork network) {
    List<PreflightProblem> problems = new ArrayList<>();
    List<String> layers = selection.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerSelection one = new LayerSelection(List.of(layers.get(i)), false, false, false);
      try {
        one.selectedLayers(network);
      } catch (IllegalArgumentException e) {
        problems.add(new PreflightProblem("layers[" + i + "]", withoutField("layers", e.getMessage())));
      }
    }
    if (problems.isEmpty() && selection.selectedLayers(network).isEmpty()) {
      problems.add(new PreflightProblem(layers.isEmpty() ? "" : "layers", "no layer is selected for pruning;"
          + " prunable layers: " + LayerSelection.describeLayers(network, LayerSelection.prunableLayers(network))));
    }
    return problems;
  }

  private static String withoutField(String field, String message) {
    String prefix = field + ": ";
    return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }
}
