package dev.topiary.pruning.structured;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code prune.structured} stage: resolves the spec's layers against the input network, calls
 * {@link StructuredPruner#prune} and reports per layer what went. The input is only read.
 */
final class StructuredPruningStage implements Stage {

  /** Removed indices listed per layer in the diagnostics; {@code removedCount} gives the total. */
  static final int LISTED_INDICES = 32;

  static final String NOTE = "units were physically removed: weight matrices and activations really shrink, "
      + "so inference does less work (unlike masked pruning, which only zeroes weights); "
      + "updater state was reset for fine-tuning";

  private final StructuredPruningSpec spec;

  StructuredPruningStage(StructuredPruningSpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel model = requireNetwork(input, context);
    StructuredPruningResult result;
    try {
      StructuredPruningPlan plan = StructuredPruningPlan.resolve(spec, model.network());
      result = StructuredPruner.prune(model, plan);
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    return new StageResult(result.model(), diagnostics(result));
  }

  static Map<String, Object> diagnostics(StructuredPruningResult result) {
    List<Map<String, Object>> layers = new ArrayList<>();
    for (PrunedLayer layer : result.layers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("layer", layer.index());
      entry.put("name", layer.name());
      entry.put("type", layer.type());
      entry.put("unitsBefore", layer.unitsBefore());
      entry.put("unitsAfter", layer.unitsAfter());
      entry.put("removedCount", layer.removed().size());
      entry.put("removed", layer.removed().subList(0, Math.min(LISTED_INDICES, layer.removed().size())));
      entry.put("removedTruncated", layer.removed().size() > LISTED_INDICES);
      layers.add(entry);
    }
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("layers", layers);
    diagnostics.put("parametersBefore", result.parametersBefore());
    diagnostics.put("parametersAfter", result.parametersAfter());
    diagnostics.put("note", NOTE);
    return diagnostics;
  }
}
