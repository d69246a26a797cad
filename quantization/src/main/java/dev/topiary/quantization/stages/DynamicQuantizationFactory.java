package dev.topiary.quantization.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.quantization.QuantizationCheck;
import java.util.List;

/**
 * Creates {@value DynamicQuantizationSpec#TYPE} stages, and checks them before any training: the
 * network compiles in the runtime and {@code keepFloat} names its layers.
 */
public final class DynamicQuantizationFactory implements StageFactory<DynamicQuantizationSpec>,
    PreflightCheck<DynamicQuantizationSpec> {

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

  @Override
  public List<PreflightProblem> preflight(DynamicQuantizationSpec spec, PreflightContext context) {
    return QuantizationCheck.check(context.network(), spec.keepFloat());
  }
}
