package dev.topiary.quantization.stages;

import dev.topiary.core.stage.PreflightCheck;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageFactory;
import dev.topiary.quantization.QuantizationCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates {@value Int8QuantizationSpec#TYPE} stages, and checks them before any training: the
 * network compiles in the runtime, {@code keepFloat} names its layers, {@code calibrationExamples}
 * fits the training split and {@code maxAccuracyDrop} has a validation split to measure on.
 */
public final class Int8QuantizationFactory implements StageFactory<Int8QuantizationSpec>,
    PreflightCheck<Int8QuantizationSpec> {

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

  @Override
  public List<PreflightProblem> preflight(Int8QuantizationSpec spec, PreflightContext context) {
    List<PreflightProblem> problems = new ArrayList<>();
    if (spec.calibrationExamples() > context.trainRows()) {
      problems.add(new PreflightProblem("calibrationExamples", "calibrationExamples is " + spec.calibrationExamples()
          + ", but the training split has only " + context.trainRows() + " rows; set calibrationExamples to at most "
          + context.trainRows()));
    }
    if (spec.maxAccuracyDrop() != null && context.validationRows() == 0) {
      problems.add(new PreflightProblem("maxAccuracyDrop", "maxAccuracyDrop needs a validation split to measure the"
          + " drop on, but the validation split is empty; set data.validationFraction above 0 or remove"
          + " maxAccuracyDrop"));
    }
    problems.addAll(QuantizationCheck.check(context.network(), spec.keepFloat()));
    return problems;
  }
}
