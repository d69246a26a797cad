package dev.topiary.pruning.structured;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/**
 * Creates {@code prune.structured} stages; registered with
 * {@code StageBindings.add(binder(), StructuredPruningSpec.TYPE, StructuredPruningFactory.class)}.
 */
public final class StructuredPruningFactory implements StageFactory<StructuredPruningSpec> {

  /** A factory; it holds no state. */
  public StructuredPruningFactory() {}

  @Override
  public Class<StructuredPruningSpec> specType() {
    return StructuredPruningSpec.class;
  }

  @Override
  public Stage create(StructuredPruningSpec spec) {
    return new StructuredPruningStage(spec);
  }
}
