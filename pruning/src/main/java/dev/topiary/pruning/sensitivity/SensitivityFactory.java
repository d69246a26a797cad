package dev.topiary.pruning.sensitivity;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value SensitivitySpec#TYPE} stages; the pruning module registers it. */
public final class SensitivityFactory implements StageFactory<SensitivitySpec> {

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
}
