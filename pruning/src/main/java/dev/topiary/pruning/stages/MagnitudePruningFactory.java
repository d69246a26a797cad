package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.MagnitudeCriterion;

/** Creates {@value MagnitudePruningSpec#TYPE} stages. */
public final class MagnitudePruningFactory implements StageFactory<MagnitudePruningSpec> {

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
}
