package dev.topiary.core.finetune;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;

/**
 * Registers the stage types core provides: {@code finetune}. Install it beside the technique modules.
 * (It lives here, beside the one stage it registers, so that the root package holds only
 * {@code BadInputException}, which every package may use, and no package cycle runs through it.)
 */
public final class CoreModule extends AbstractModule {

  /** The module; it only declares bindings. */
  public CoreModule() {}

  @Override
  protected void configure() {
    StageBindings.add(binder(), FinetuneSpec.TYPE, FinetuneSpec.class, FinetuneStage::new);
  }
}
