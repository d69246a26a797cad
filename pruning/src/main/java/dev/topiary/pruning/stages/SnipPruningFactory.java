package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.SnipCriterion;
import java.util.List;

/** Creates {@value SnipPruningSpec#TYPE} stages. */
public final class SnipPruningFactory implements StageFactory<SnipPruningSpec>,
    PreflightCheck<SnipPruningSpec> {

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

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(SnipPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
