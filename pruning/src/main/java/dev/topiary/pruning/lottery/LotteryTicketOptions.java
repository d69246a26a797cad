package dev.topiary.pruning.lottery;

import dev.topiary.core.train.TrainingOptions;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.Scope;

/**
 * How {@link LotteryTicketSearch} prunes and trains. Build one with {@link #builder(int, int)}.
 *
 * <p>Round r (1-based) prunes {@code pruneFraction} of the weights that are still unmasked, so that
 * after round r the selected weights have sparsity {@code 1 − (1 − pruneFraction)^r}
 * ({@link #targetSparsity(int)}), rounded to whole weights per ranking pool.
 *
 * @param rounds rounds of train, prune, rewind; at least 1 (the ticket is trained once more after the last)
 * @param pruneFraction fraction of the remaining selected weights pruned per round, in (0, 1)
 * @param scope one magnitude ranking across the selected layers (global) or one per layer
 * @param selection which parameters may be pruned (layers, biases, first/last layer)
 * @param epochs passes over the training data in each round, at least 1
 * @param batchSize examples per minibatch, at least 1
 * @param learningRate a learning rate for the network's updater, or null to keep its own
 * @param rewindIteration 0 to rewind to the initial weights; k &gt; 0 to rewind to the weights after
 *     k training iterations (minibatch updates) of the first round
 * @param seed seed of the minibatch shuffling (the same in every round)
 */
public record LotteryTicketOptions(int rounds, double pruneFraction, Scope scope, LayerSelection selection,
    int epochs, int batchSize, Double learningRate, int rewindIteration, long seed) {

  /** The default fraction pruned per round, as in Frankle &amp; Carbin's fully connected experiments. */
  public static final double DEFAULT_PRUNE_FRACTION = 0.2;

  /** The default minibatch size. */
  public static final int DEFAULT_BATCH_SIZE = 64;

  /**
   * Fills the defaults ({@link Scope#GLOBAL}, every prunable layer's weights) and validates.
   *
   * @throws IllegalArgumentException naming the bad field and its value
   */
  public LotteryTicketOptions {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
    }
    if (!(pruneFraction > 0 && pruneFraction < 1)) {
      throw new IllegalArgumentException("pruneFraction must be in (0, 1), got " + pruneFraction);
    }
    scope = scope == null ? Scope.DEFAULT : scope;
    selection = selection == null ? LayerSelection.ALL_WEIGHTS : selection;
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    if (rewindIteration < 0) {
      throw new IllegalArgumentException("rewindIteration must not be negative, got " + rewindIteration);
    }
  }

  /** A builder with the required {@code rounds} and {@code epochs} (per round); the rest default. */
  public static Builder builder(int rounds, int epochs) {
    return new Builder(rounds, epochs);
  }

  /**
   * The sparsity of the selected weights after {@code round} rounds: {@code 1 − (1 − pruneFraction)^round}.
   *
   * @throws IllegalArgumentException unless {@code 0 ≤ round ≤ rounds}
   */
  public double targetSparsity(int round) {
    if (round < 0 || round > rounds) {
      throw new IllegalArgumentException("round must be in [0, " + rounds + "], got " + round);
    }
    return 1 - Math.pow(1 - pruneFraction, round);
  }

  /** The training options of one round. */
  public TrainingOptions training() {
    return new TrainingOptions(epochs, batchSize, seed, learningRate);
  }

  /** Builds {@link LotteryTicketOptions}; {@link #build()} validates. */
  public static final class Builder {
    private final int rounds;
    private final int epochs;
    private double pruneFraction = DEFAULT_PRUNE_FRACTION;
    private Scope scope = Scope.DEFAULT;
    private LayerSelection selection = LayerSelection.ALL_WEIGHTS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Double learningRate;
    private int rewindIteration;
    private long seed;

    private Builder(int rounds, int epochs) {
      this.rounds = rounds;
      this.epochs = epochs;
    }

    /** Fraction of the remaining weights pruned per round, in (0, 1); default 0.2. */
    public Builder pruneFraction(double pruneFraction) {
      this.pruneFraction = pruneFraction;
      return this;
    }

    /** Global (default) or per-layer magnitude ranking. */
    public Builder scope(Scope scope) {
      this.scope = scope;
      return this;
    }

    /** Which parameters may be pruned; default every prunable layer's weights. */
    public Builder selection(LayerSelection selection) {
      this.selection = selection;
      return this;
    }

    /** Examples per minibatch; default 64. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** A learning rate for the network's updater; default null (keep the network's own). */
    public Builder learningRate(Double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Rewind point in training iterations of round 1; default 0 (the initial weights). */
    public Builder rewindIteration(int rewindIteration) {
      this.rewindIteration = rewindIteration;
      return this;
    }

    /** Seed of the minibatch shuffling; default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The validated options.
     *
     * @throws IllegalArgumentException naming the bad field and its value
     */
    public LotteryTicketOptions build() {
      return new LotteryTicketOptions(rounds, pruneFraction, scope, selection, epochs, batchSize, learningRate,
          rewindIteration, seed);
    }
  }
}
