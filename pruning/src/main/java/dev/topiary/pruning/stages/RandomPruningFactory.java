package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.RandomCriterion;

/** Creates {@value RandomPruningSpec#TYPE} stages. */
public final class RandomPruningFactory implements StageFactory<RandomPruningSpec> {

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
}
