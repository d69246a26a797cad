package dev.topiary.core.finetune;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@code finetune} stages; registered under {@link FinetuneSpec#TYPE} by the core module. */
public final class FinetuneFactory implements StageFactory<FinetuneSpec> {

  /** A factory; it holds no state. */
  public FinetuneFactory() {}

  /** {@link FinetuneSpec}. */
  @Override
  public Class<FinetuneSpec> specType() {
    return FinetuneSpec.class;
  }

  /** A stage that fine-tunes a copy of its input with {@code spec}. */
  @Override
  public Stage create(FinetuneSpec spec) {
    return new FinetuneStage(spec);
  }
}
