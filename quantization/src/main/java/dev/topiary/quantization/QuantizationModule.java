package dev.topiary.quantization;

import com.google.inject.AbstractModule;
import dev.topiary.core.stage.StageBindings;
import dev.topiary.quantization.stages.DynamicQuantizationFactory;
import dev.topiary.quantization.stages.DynamicQuantizationSpec;
import dev.topiary.quantization.stages.Int8QuantizationFactory;
import dev.topiary.quantization.stages.Int8QuantizationSpec;

/**
 * Registers the quantization stage types ({@code quantize.int8}, {@code quantize.dynamic}) with the stage registry. It
 * declares bindings only: no I/O, no models.
 */
public final class QuantizationModule extends AbstractModule {

  /** Creates the module; it only declares bindings. */
  public QuantizationModule() {}

  /** Declares this module's stage types. */
  @Override
  protected void configure() {
    StageBindings.add(binder(), Int8QuantizationSpec.TYPE, Int8QuantizationFactory.class);
    StageBindings.add(binder(), DynamicQuantizationSpec.TYPE, DynamicQuantizationFactory.class);
  }
}
