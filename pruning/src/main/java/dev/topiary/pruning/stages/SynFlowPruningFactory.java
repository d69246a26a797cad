package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.criteria.SynFlowCriterion;

/** Creates {@value SynFlowPruningSpec#TYPE} stages. */
public final class SynFlowPruningFactory implements StageFactory<SynFlowPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public SynFlowPruningFactory() {}

  @Override
  public Class<SynFlowPruningSpec> specType() {
    return SynFlowPruningSpec.class;
  }

  @Override
  public Stage create(SynFlowPruningSpec spec) {
    return new MaskPruningStage(spec.toPlan(), ctx -> new SynFlowCriterion());
  }
}
