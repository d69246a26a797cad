package dev.topiary.pruning;

import dev.topiary.core.model.ModelHandle;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@value dev.topiary.pruning.stages.StripMasksSpec#TYPE} stage: drops the masks of a copy of its input; the zeros stay. */
final class StripMasksStage implements Stage {

  @Override
  public StageResult apply(ModelHandle input, StageContext context) throws StageException {
    NetworkModel network = requireNetwork(input, context);
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("droppedMasks", network.masks().size());
    diagnostics.put("parameters", new ArrayList<>(network.masks().keySet()));
    return new StageResult(Pruner.strip(network), diagnostics);
  }
}
