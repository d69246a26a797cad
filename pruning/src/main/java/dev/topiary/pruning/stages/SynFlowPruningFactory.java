package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.SynFlowCriterion;
import java.util.List;

/** Creates {@value SynFlowPruningSpec#TYPE} stages. */
public final class SynFlowPruningFactory implements StageFactory<SynFlowPruningSpec>,
    PreflightCheck<SynFlowPruningSpec> {

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

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(SynFlowPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
