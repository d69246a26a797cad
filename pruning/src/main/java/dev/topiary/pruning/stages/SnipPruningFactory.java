package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.SnipCriterion;

/** Creates {@value SnipPruningSpec#TYPE} stages. */
public final class SnipPruningFactory implements StageFactory<SnipPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public SnipPruningFactory() {}

  @Override
  public Class<SnipPruningSpec> specType() {
    return SnipPruningSpec.class;
  }

  @Override
  public Stage create(SnipPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new SnipCriterion(
        MaskPruningStage.calibrationSample(ctx, spec.batches() * spec.batchSize()), spec.batchSize()));
  }
}
