package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.TaylorCriterion;
import java.util.List;

/** Creates {@value TaylorPruningSpec#TYPE} stages. */
public final class TaylorPruningFactory implements StageFactory<TaylorPruningSpec>,
    PreflightCheck<TaylorPruningSpec> {

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

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(TaylorPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
