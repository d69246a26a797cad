package dev.topiary.pruning.schedule;

/**
 * Prunes to one sparsity from {@code beginStep} on (tfmot's {@code ConstantSparsity}): the first
 * pruning step reaches the target; later steps re-rank the weights that are still unpruned, which
 * changes nothing for magnitude pruning (pruned weights stay pruned and count toward the target).
 *
 * <p>{@code sparsityAt(t)} is {@code targetSparsity} at every step. The model is pruned at step
 * {@code t} if {@code beginStep ≤ t}, {@code t ≤ endStep} unless {@code endStep} is
 * {@link #NO_END}, and {@code (t − beginStep)} is a multiple of {@code frequency}; and always at
 * {@code endStep}, as in {@link PolynomialDecaySchedule}.
 *
 * @param targetSparsity the sparsity held from {@code beginStep} on, in [0, 1)
 * @param beginStep first pruning step, at least 0
 * @param endStep last pruning step, greater than {@code beginStep}, or {@link #NO_END}
 * @param frequency prune every this many steps, at least 1
 */
public record ConstantSparsitySchedule(double targetSparsity, long beginStep, long endStep, int frequency)
    implements PruningSchedule {

  /** The {@code endStep} of a schedule that never ends. */
  public static final long NO_END = -1;

  /**
   * Validates every value.
   *
   * @throws IllegalArgumentException naming the bad field and value
   */
  public ConstantSparsitySchedule {
    PruningSteps.checkSparsity("targetSparsity", targetSparsity);
    PruningSteps.checkBeginAndFrequency(beginStep, frequency);
    if (endStep != NO_END && endStep <= beginStep) {
      throw new IllegalArgumentException("endStep (" + endStep + ") must be greater than beginStep ("
          + beginStep + "), or " + NO_END + " for no end");
    }
  }

  /** A schedule from {@code beginStep} on that never ends, pruning every 100 steps. */
  public ConstantSparsitySchedule(double targetSparsity, long beginStep) {
    this(targetSparsity, beginStep, NO_END, PolynomialDecaySchedule.DEFAULT_FREQUENCY);
  }

  /** Prunes on the frequency grid from {@code beginStep}, and at {@code endStep}. */
  @Override
  public boolean shouldPrune(long step) {
    return PruningSteps.due(step, beginStep, endStep, frequency);
  }

  /** {@code targetSparsity}, at every step. */
  @Override
  public double sparsityAt(long step) {
    PruningSteps.checkStep(step);
    return targetSparsity;
  }
}
