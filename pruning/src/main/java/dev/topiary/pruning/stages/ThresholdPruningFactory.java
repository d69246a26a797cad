package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.util.List;

/** Creates {@value ThresholdPruningSpec#TYPE} stages. */
public final class ThresholdPruningFactory implements StageFactory<ThresholdPruningSpec>,
    PreflightCheck<ThresholdPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public ThresholdPruningFactory() {}

  @Override
  public Class<ThresholdPruningSpec> specType() {
    return ThresholdPruningSpec.class;
  }

  @Override
  public Stage create(ThresholdPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new MagnitudeCriterion());
  }

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(ThresholdPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
