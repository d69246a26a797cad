package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.MagnitudeCriterion;

/** Creates {@value ThresholdPruningSpec#TYPE} stages. */
public final class ThresholdPruningFactory implements StageFactory<ThresholdPruningSpec> {

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
}
