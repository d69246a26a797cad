package dev.topiary.core;

import com.google.inject.AbstractModule;
import dev.topiary.core.finetune.FinetuneFactory;
import dev.topiary.core.finetune.FinetuneSpec;
import dev.topiary.core.stage.StageBindings;

/** Registers the stage types core provides: {@code finetune}. Install it beside the technique modules. */
public final class CoreModule extends AbstractModule {

  /** The module; it only declares bindings. */
  public CoreModule() {}

  @Override
  protected void configure() {
    StageBindings.add(binder(), FinetuneSpec.TYPE, FinetuneFactory.class);
  }
}
