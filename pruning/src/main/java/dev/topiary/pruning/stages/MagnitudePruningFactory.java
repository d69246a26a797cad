package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.MagnitudeCriterion;
import java.util.List;

/** Creates {@value MagnitudePruningSpec#TYPE} stages. */
public final class MagnitudePruningFactory implements StageFactory<MagnitudePruningSpec>,
    PreflightCheck<MagnitudePruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public MagnitudePruningFactory() {}

  @Override
  public Class<MagnitudePruningSpec> specType() {
    return MagnitudePruningSpec.class;
  }

  @Override
  public Stage create(MagnitudePruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new MagnitudeCriterion());
  }

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(MagnitudePruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
