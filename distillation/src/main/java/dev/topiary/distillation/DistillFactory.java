package dev.topiary.distillation;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@code distill} stages; registered under {@link DistillSpec#TYPE} by {@link DistillationModule}. */
public final class DistillFactory implements StageFactory<DistillSpec> {

  /** A factory; it holds no state. */
  public DistillFactory() {}

  /** {@link DistillSpec}. */
  @Override
  public Class<DistillSpec> specType() {
    return DistillSpec.class;
  }

  /** A stage that distils the spec's teachers into a new student. */
  @Override
  public Stage create(DistillSpec spec) {
    return new DistillStage(spec);
  }
}
