package dev.topiary.distillation;

import dev.topiary.core.model.NetworkModel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Keeps a student's masked weights exactly zero while it is distilled: masked gradients are zeroed
 * before the updater sees them, and the parameters are masked again after every update (the same
 * rule as core's training loop).
 */
final class MaskHold extends BaseTrainingListener {

  private final NetworkModel model;

  MaskHold(NetworkModel model) {
    this.model = model;
  }

  @Override
  public void onGradientCalculation(Model network) {
    model.maskGradients();
  }

  @Override
  public void iterationDone(Model network, int iteration, int epoch) {
    model.applyMasks();
  }
}
