package dev.topiary.core.train;

import java.util.List;

/**
 * What one call of {@link NetworkTrainer#fit} did.
 *
 * @param epochLoss mean training loss (the network's score, including regularisation) per epoch
 * @param iterations minibatch updates made
 */
public record TrainingHistory(List<Double> epochLoss, long iterations) {

  /** Copies the loss list. */
  public TrainingHistory {
    epochLoss = List.copyOf(epochLoss);
  }

  /** The mean loss of the last epoch, or NaN if none ran. */
  public double finalLoss() {
    return epochLoss.isEmpty() ? Double.NaN : epochLoss.get(epochLoss.size() - 1);
  }
}
