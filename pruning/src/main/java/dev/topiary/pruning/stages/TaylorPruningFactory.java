package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.TaylorCriterion;

/** Creates {@value TaylorPruningSpec#TYPE} stages. */
public final class TaylorPruningFactory implements StageFactory<TaylorPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public TaylorPruningFactory() {}

  @Override
  public Class<TaylorPruningSpec> specType() {
    return TaylorPruningSpec.class;
  }

  @Override
  public Stage create(TaylorPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new TaylorCriterion(
        MaskPruningStage.calibrationSample(ctx, spec.batches() * spec.batchSize()), spec.batchSize()));
  }
}
