package dev.topiary.core.train;

import dev.topiary.core.model.NetworkModel;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * Keeps masked weights exactly zero during training: the gradient of a masked weight is zeroed
 * before the updater sees it (so Adam's moments stay zero), and the parameters are masked again
 * after every update.
 */
final class MaskEnforcer extends BaseTrainingListener {

  private final NetworkModel model;

  MaskEnforcer(NetworkModel model) {
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
