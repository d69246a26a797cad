package dev.topiary.pruning.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value StripMasksSpec#TYPE} stages. */
public final class StripMasksFactory implements StageFactory<StripMasksSpec> {

  /** Creates the factory; it has no dependencies. */
  public StripMasksFactory() {}

  @Override
  public Class<StripMasksSpec> specType() {
    return StripMasksSpec.class;
  }

  @Override
  public Stage create(StripMasksSpec spec) {
    return new StripMasksStage();
  }
}
