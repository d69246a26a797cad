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

  /**
   * A builder: {@code ConstantSparsitySchedule.builder().targetSparsity(0.5).frequency(10).build()};
   * {@link Builder#targetSparsity} must be set; begin step 0, no end and frequency 100 unless set.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters for {@link ConstantSparsitySchedule}; {@link #build()} validates. */
  public static final class Builder {
    private Double targetSparsity;
    private long beginStep;
    private long endStep = NO_END;
    private int frequency = PolynomialDecaySchedule.DEFAULT_FREQUENCY;

    private Builder() {}

    /** The sparsity held from the begin step on, in [0, 1); required. */
    public Builder targetSparsity(double targetSparsity) {
      this.targetSparsity = targetSparsity;
      return this;
    }

    /** First pruning step, at least 0; default 0. */
    public Builder beginStep(long beginStep) {
      this.beginStep = beginStep;
      return this;
    }

    /** Last pruning step, greater than the begin step; default {@link #NO_END}. */
    public Builder endStep(long endStep) {
      this.endStep = endStep;
      return this;
    }

    /** Prune every this many steps, at least 1; default 100. */
    public Builder frequency(int frequency) {
      this.frequency = frequency;
      return this;
    }

    /**
     * The schedule.
     *
     * @throws IllegalArgumentException if the target is missing, or naming the bad field and value
     */
    public ConstantSparsitySchedule build() {
      if (targetSparsity == null) {
        throw new IllegalArgumentException("targetSparsity must be set");
      }
      return new ConstantSparsitySchedule(targetSparsity, beginStep, endStep, frequency);
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
