package dev.topiary.distillation;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;

/**
 * Registers the distillation stage types with the stage registry. It declares bindings only: no I/O, no
 * models. It contributes no stage type yet; it makes sure the registry exists.
 */
public final class DistillationModule extends AbstractModule {

  /** Declares the registry (and, later, this module's stage types). */
  @Override
  protected void configure() {
    StageBindings.registry(binder());
  }
}
