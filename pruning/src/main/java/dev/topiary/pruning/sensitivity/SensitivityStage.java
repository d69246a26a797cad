package dev.topiary.pruning.sensitivity;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@value SensitivitySpec#TYPE} stage: an analysis stage. It returns an unchanged copy of its
 * input (the runner needs a new handle) and writes its findings into the stage's work directory.
 */
final class SensitivityStage implements Stage {

  static final String NOTE = "analysis only: the model is returned unchanged; use "
      + SensitivityOutputs.OVERRIDES_FILE + " as a prune.magnitude stage";

  private final SensitivitySpec spec;

  SensitivityStage(SensitivitySpec spec) {
    this.spec = spec;
  }

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    SensitivityTable table;
    try {
      table = SensitivityAnalysis.analyze(network, context.data(), spec.selection(), spec.sparsities(),
          spec.evaluationExamples(), context.seed(), context.progress());
    } catch (IllegalArgumentException e) {
      throw new StageException(context.stageName(), e.getMessage(), e);
    }
    Path directory = context.workDirectory();
    List<String> files = new ArrayList<>();
    try {
      for (Path file : SensitivityOutputs.write(table, spec.maxAccuracyDrop(), directory)) {
        files.add(file.getFileName().toString());
      }
    } catch (IOException e) {
      throw new StageException(context.stageName(), "cannot write the sensitivity files into " + directory + ": "
          + e.getMessage(), e);
    }
    return new StageResult(network.copy(), diagnostics(table, spec.maxAccuracyDrop(), files));
  }

  static Map<String, Object> diagnostics(SensitivityTable table, double maxAccuracyDrop, List<String> files) {
    Map<Integer, Double> allowed = table.allowedSparsities(maxAccuracyDrop);
    List<Map<String, Object>> suggested = new ArrayList<>();
    for (SensitivityLayer layer : table.layers()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("layer", layer.index());
      entry.put("name", layer.name());
      entry.put("type", layer.type());
      entry.put("allowedSparsity", allowed.get(layer.index()));
      suggested.add(entry);
    }
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("note", NOTE);
    diagnostics.put("evaluatedOn", table.evaluatedOn());
    diagnostics.put("examples", table.examples());
    diagnostics.put("denseAccuracy", table.denseAccuracy());
    diagnostics.put("denseLoss", table.denseLoss());
    diagnostics.put("maxAccuracyDrop", maxAccuracyDrop);
    diagnostics.put("allowedSparsities", suggested);
    diagnostics.put("table", table.points());
    diagnostics.put("files", files);
    return diagnostics;
  }
}
