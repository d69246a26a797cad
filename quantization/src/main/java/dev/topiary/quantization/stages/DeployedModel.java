package dev.topiary.quantization.stages;

import dev.topiary.core.data.InputScaling;
import dev.topiary.core.stage.StageContext;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.runtime.RuntimeModel;

/**
 * The handle a quantization stage returns, as {@code runtime.compile} builds it: the saved model
 * carries the data source's input scaling (so {@code model.tpm} takes raw rows), inference in the
 * pipeline runs the same model on the already scaled features.
 */
final class DeployedModel {

  private DeployedModel() {}

  static RuntimeModelHandle handle(RuntimeModel model, StageContext context) {
    return RuntimeModelHandle.of(deployed(model, context), model);
  }

  /** The model as it is saved: with the data source's input scaling in front, if it has one. */
  static RuntimeModel deployed(RuntimeModel model, StageContext context) {
    InputScaling scaling = context.data().inputScaling();
    if (scaling == null) {
      return model;
    }
    float[] divisor = scaling.divisor();
    float[] scale = new float[divisor.length];
    for (int i = 0; i < scale.length; i++) {
      scale[i] = 1f / divisor[i];
    }
    return model.withInputScaling(scaling.offset(), scale);
  }
}
