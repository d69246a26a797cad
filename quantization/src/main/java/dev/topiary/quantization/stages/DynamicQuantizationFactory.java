package dev.topiary.quantization.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value DynamicQuantizationSpec#TYPE} stages. */
public final class DynamicQuantizationFactory implements StageFactory<DynamicQuantizationSpec> {

  /** Creates the factory; it has no dependencies. */
  public DynamicQuantizationFactory() {}

  @Override
  public Class<DynamicQuantizationSpec> specType() {
    return DynamicQuantizationSpec.class;
  }

  @Override
  public Stage create(DynamicQuantizationSpec spec) {
    return new DynamicQuantizationStage(spec);
  }
}
