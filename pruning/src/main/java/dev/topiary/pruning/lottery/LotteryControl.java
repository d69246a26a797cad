package dev.topiary.pruning.lottery;

import dev.topiary.core.model.NetworkModel;

/**
 * The random re-initialisation control of Frankle &amp; Carbin: the ticket's masks on freshly
 * initialised weights, trained the same way. A ticket that clearly beats its control is a winning
 * ticket. The caller owns the model: closing the result closes it.
 *
 * @param model the trained control network, with the ticket's masks
 * @param seed the seed of its initialisation
 * @param validationAccuracy accuracy on the validation split; null if it is empty
 * @param validationLoss mean cross-entropy on the validation split; null if it is empty
 * @param trainLoss mean training loss of the last epoch
 */
public record LotteryControl(NetworkModel model, long seed, Double validationAccuracy, Double validationLoss,
    double trainLoss) implements AutoCloseable {

  /** Closes the model. */
  @Override
  public void close() {
    model.close();
  }
}
