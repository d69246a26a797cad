package dev.topiary.core.model;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A DL4J training listener that keeps a {@link NetworkModel}'s masked weights exactly zero in any
 * training loop, including the user's own {@code network.fit(…)}: the gradient of a masked weight
 * is zeroed before the updater sees it (so Adam's moments stay zero), and the parameters are masked
 * again after every update. Get one from {@link NetworkModel#maskHoldingListener()} and attach it
 * to that model's network; it reads the model's current masks at every step, so masks added later
 * hold too, and it does nothing once the masks are cleared.
 */
public final class MaskHoldingListener extends BaseTrainingListener {

  private final NetworkModel model;

  MaskHoldingListener(NetworkModel model) {
    this.model = model;
  }

  /**
   * Zeroes the gradients of masked weights.
   *
   * @throws IllegalStateException if attached to a network other than its model's
   */
  @Override
  public void onGradientCalculation(Model network) {
    check(network);
    model.maskGradients();
  }

  /** Masks the parameters again after the update. */
  @Override
  public void iterationDone(Model network, int iteration, int epoch) {
    check(network);
    model.applyMasks();
  }

  private void check(Model network) {
    if (network != model.network()) {
      throw new IllegalStateException("a MaskHoldingListener holds the masks of the network it was made for;"
          + " attach it to that network only");
    }
  }
}
