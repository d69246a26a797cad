package dev.topiary.pruning.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import dev.topiary.pruning.criteria.OptimalBrainDamageCriterion;
import java.util.List;

/** Creates {@value ObdPruningSpec#TYPE} stages. */
public final class ObdPruningFactory implements StageFactory<ObdPruningSpec>,
    PreflightCheck<ObdPruningSpec> {

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

  /** Checks the layer selection, overrides and granularity against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(ObdPruningSpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.toPlan(), context.network());
  }
}
