package dev.topiary.core.train;

/**
 * How {@link NetworkTrainer} trains. Build one with named setters:
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder().epochs(2).batchSize(32).seed(7).learningRate(1e-3).build();
 * }</pre>
 *
 * @param epochs full passes over the training data, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param seed seed of the per-epoch shuffling
 * @param learningRate a new learning rate for the network's updater, or null to keep its own
 */
public record TrainingOptions(int epochs, int batchSize, long seed, Double learningRate) {

  /** The default number of epochs of a {@link #builder()}. */
  public static final int DEFAULT_EPOCHS = 1;
  /** The default minibatch size of a {@link #builder()}. */
  public static final int DEFAULT_BATCH_SIZE = 32;
  /** The default shuffling seed of a {@link #builder()}. */
  public static final long DEFAULT_SEED = 42;

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

  /**
   * A builder with {@link #DEFAULT_EPOCHS}, {@link #DEFAULT_BATCH_SIZE}, {@link #DEFAULT_SEED} and the
   * network's own learning rate.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters for {@link TrainingOptions}; {@link #build()} validates. */
  public static final class Builder {
    private int epochs = DEFAULT_EPOCHS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private long seed = DEFAULT_SEED;
    private Double learningRate;

    private Builder() {}

    /** Full passes over the training data, at least 1. */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Examples per minibatch, at least 1. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Seed of the per-epoch shuffling. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** A new learning rate for the network's updater (positive), or null to keep its own. */
    public Builder learningRate(Double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the bad field and value
     */
    public TrainingOptions build() {
      return new TrainingOptions(epochs, batchSize, seed, learningRate);
    }
  }
}
