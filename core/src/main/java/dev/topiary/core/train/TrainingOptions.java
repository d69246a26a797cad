package dev.topiary.core.train;

/**
 * How {@link NetworkTrainer} trains.
 *
 * @param epochs full passes over the training data, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param seed seed of the per-epoch shuffling
 * @param learningRate a new learning rate for the network's updater, or null to keep its own
 */
public record TrainingOptions(int epochs, int batchSize, long seed, Double learningRate) {

  /** Validates the values. */
  public TrainingOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
  }
}
