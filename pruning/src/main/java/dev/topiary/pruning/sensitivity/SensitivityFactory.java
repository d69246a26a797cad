package dev.topiary.pruning.sensitivity;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.pruning.PruningPreflight;
import java.util.List;

/** Creates {@value SensitivitySpec#TYPE} stages; the pruning module registers it. */
public final class SensitivityFactory implements StageFactory<SensitivitySpec>,
    PreflightCheck<SensitivitySpec> {

  /** A factory; it holds no state. */
  public SensitivityFactory() {}

  /** {@link SensitivitySpec}. */
  @Override
  public Class<SensitivitySpec> specType() {
    return SensitivitySpec.class;
  }

  /** A stage that analyses a model with {@code spec}. */
  @Override
  public Stage create(SensitivitySpec spec) {
    return new SensitivityStage(spec);
  }

  /** Checks the layer selection against the baseline's network. */
  @Override
  public List<PreflightProblem> preflight(SensitivitySpec spec, PreflightContext context) {
    return PruningPreflight.check(spec.selection(), context.network());
  }
}
