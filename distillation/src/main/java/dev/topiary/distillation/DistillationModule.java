package dev.topiary.distillation;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;

/** Registers the distillation stage type ({@code distill}) with the stage registry. It declares bindings only. */
public final class DistillationModule extends AbstractModule {

  /** Registers {@link DistillSpec#TYPE}. */
  @Override
  protected void configure() {
    StageBindings.add(binder(), DistillSpec.TYPE, DistillSpec.class, DistillStage::new);
  }
}
