package dev.topiary.pruning.schedule;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value GradualPruningSpec#TYPE} stages. */
public final class GradualPruningFactory implements StageFactory<GradualPruningSpec> {

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
}
