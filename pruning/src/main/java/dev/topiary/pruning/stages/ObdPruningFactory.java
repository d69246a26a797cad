package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.OptimalBrainDamageCriterion;

/** Creates {@value ObdPruningSpec#TYPE} stages. */
public final class ObdPruningFactory implements StageFactory<ObdPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public ObdPruningFactory() {}

  @Override
  public Class<ObdPruningSpec> specType() {
    return ObdPruningSpec.class;
  }

  @Override
  public Stage create(ObdPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new OptimalBrainDamageCriterion(
        MaskPruningStage.calibrationSample(ctx, spec.calibrationExamples()), spec.curvature()));
  }
}
