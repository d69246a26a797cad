package dev.topiary.pruning.schedule;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import java.util.ArrayList;
import java.util.List;

/** Creates {@value GradualPruningSpec#TYPE} stages. */
public final class GradualPruningFactory implements StageFactory<GradualPruningSpec>,
    PreflightCheck<GradualPruningSpec> {

  /** Creates the factory; it has no dependencies. */
  public GradualPruningFactory() {}

  /** {@link GradualPruningSpec}. */
  @Override
  public Class<GradualPruningSpec> specType() {
    return GradualPruningSpec.class;
  }

  /** A stage that prunes a copy of its input on the spec's schedule while training it. */
  @Override
  public Stage create(GradualPruningSpec spec) {
    return new GradualPruningStage(spec);
  }

  /**
   * Checks the layer selection against the baseline's network, and {@code beginStep} and
   * {@code endStep} against the training steps the data gives ({@code epochs × ⌈train rows /
   * batchSize⌉}).
   */
  @Override
  public List<PreflightProblem> preflight(GradualPruningSpec spec, PreflightContext context) {
    List<PreflightProblem> problems = new ArrayList<>(PruningPreflight.check(spec.selection(), context.network()));
    if (context.trainRows() == 0) {
      problems.add(new PreflightProblem("", "the training data is empty"));
      return problems;
    }
    try {
      spec.resolveEndStep(context.batchesPerEpoch(spec.batchSize()));
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("beginStep") ? "beginStep" : "endStep";
      problems.add(new PreflightProblem(field, e.getMessage()));
    }
    return problems;
  }
}
