package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.RandomCriterion;
import java.util.List;

/** Creates {@value RandomPruningSpec#TYPE} stages. */
public final class RandomPruningFactory implements StageFactory<RandomPruningSpec>,
    PreflightCheck<RandomPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public RandomPruningFactory() {}

  @Override
  public Class<RandomPruningSpec> specType() {
    return RandomPruningSpec.class;
  }

  @Override
  public Stage create(RandomPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new RandomCriterion(ctx.seed()));
  }

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(RandomPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
