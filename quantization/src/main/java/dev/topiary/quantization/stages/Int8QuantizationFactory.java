package dev.topiary.quantization.stages;

import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;

/** Creates {@value Int8QuantizationSpec#TYPE} stages. */
public final class Int8QuantizationFactory implements StageFactory<Int8QuantizationSpec> {

  /** Creates the factory; it has no dependencies. */
  public Int8QuantizationFactory() {}

  @Override
  public Class<Int8QuantizationSpec> specType() {
    return Int8QuantizationSpec.class;
  }

  @Override
  public Stage create(Int8QuantizationSpec spec) {
    return new Int8QuantizationStage(spec);
  }
}
