package dev.topiary.pruning.schedule;

/**
 * The gradual pruning schedule of Zhu &amp; Gupta (2017), "To prune, or not to prune" (tfmot's
 * {@code PolynomialDecay}): the sparsity rises fast at first and levels off towards the end, so
 * the network has time to recover from each pruning step.
 *
 * <p>With {@code s_i} = {@code initialSparsity}, {@code s_f} = {@code finalSparsity},
 * {@code t0} = {@code beginStep}, {@code t_end} = {@code endStep} and {@code p} = {@code power}:
 * <pre>
 *   p_t = min(1, max(0, (t − t0) / (t_end − t0)))
 *   s_t = s_f + (s_i − s_f) · (1 − p_t)^p
 * </pre>
 * so {@code s_t} is {@code s_i} at (and before) {@code t0}, {@code s_f} at {@code t_end}, and
 * stays {@code s_f} after it. With {@code power} 1 the rise is linear; Zhu &amp; Gupta use 3.
 *
 * <p>Build one with named setters:
 * {@code PolynomialDecaySchedule.builder().finalSparsity(0.8).endStep(600).frequency(10).build()}
 * (initial sparsity 0, begin step 0, power 3 and frequency 100 unless set).
 *
 * <p><b>Pruning steps:</b> the model is pruned at step {@code t} if {@code t0 ≤ t ≤ t_end} and
 * {@code (t − t0)} is a multiple of {@code frequency}, <b>and always at {@code t_end}</b>, even
 * when {@code t_end − t0} is not a multiple of {@code frequency}, so the final sparsity is
 * reached at {@code t_end} exactly. (tfmot prunes at {@code end_step} only when it falls on the
 * frequency grid.) Nothing is pruned after {@code t_end}; the masks hold.
 *
 * @param initialSparsity sparsity of the first pruning step at {@code beginStep}, in [0, 1)
 * @param finalSparsity sparsity reached at {@code endStep}, in [0, 1), at least {@code initialSparsity}
 * @param beginStep first pruning step, at least 0
 * @param endStep last pruning step, greater than {@code beginStep}
 * @param power exponent of the decay, positive (3 in the paper)
 * @param frequency prune every this many steps, at least 1
 */
public record PolynomialDecaySchedule(double initialSparsity, double finalSparsity, long beginStep, long endStep,
    double power, int frequency) implements PruningSchedule {

  /** The exponent Zhu &amp; Gupta use. */
  public static final double DEFAULT_POWER = 3;
  /** The default number of steps between pruning steps. */
  public static final int DEFAULT_FREQUENCY = 100;

  /**
   * Validates every value.
   *
   * @throws IllegalArgumentException naming the bad field and value
   */
  public PolynomialDecaySchedule {
    PruningSteps.checkSparsity("initialSparsity", initialSparsity);
    PruningSteps.checkSparsity("finalSparsity", finalSparsity);
    if (finalSparsity < initialSparsity) {
      throw new IllegalArgumentException("finalSparsity (" + finalSparsity + ") must not be less than"
          + " initialSparsity (" + initialSparsity + "): pruned weights stay pruned");
    }
    PruningSteps.checkBeginAndFrequency(beginStep, frequency);
    if (endStep <= beginStep) {
      throw new IllegalArgumentException("endStep (" + endStep + ") must be greater than beginStep ("
          + beginStep + ")");
    }
    if (!(power > 0 && Double.isFinite(power))) {
      throw new IllegalArgumentException("power must be positive, got " + power);
    }
  }

  /** The schedule with {@link #DEFAULT_POWER} and {@link #DEFAULT_FREQUENCY}. */
  public PolynomialDecaySchedule(double initialSparsity, double finalSparsity, long beginStep, long endStep) {
    this(initialSparsity, finalSparsity, beginStep, endStep, DEFAULT_POWER, DEFAULT_FREQUENCY);
  }

  /** A builder; {@link Builder#finalSparsity} and {@link Builder#endStep} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** Named setters for {@link PolynomialDecaySchedule}; {@link #build()} validates. */
  public static final class Builder {
    private double initialSparsity;
    private Double finalSparsity;
    private long beginStep;
    private Long endStep;
    private double power = DEFAULT_POWER;
    private int frequency = DEFAULT_FREQUENCY;

    private Builder() {}

    /** Sparsity of the first pruning step, in [0, 1); default 0. */
    public Builder initialSparsity(double initialSparsity) {
      this.initialSparsity = initialSparsity;
      return this;
    }

    /** Sparsity reached at the end step, in [0, 1); required. */
    public Builder finalSparsity(double finalSparsity) {
      this.finalSparsity = finalSparsity;
      return this;
    }

    /** First pruning step (an update count), at least 0; default 0. */
    public Builder beginStep(long beginStep) {
      this.beginStep = beginStep;
      return this;
    }

    /** Last pruning step, greater than the begin step; required. */
    public Builder endStep(long endStep) {
      this.endStep = endStep;
      return this;
    }

    /** Exponent of the decay, positive; default {@link #DEFAULT_POWER}. */
    public Builder power(double power) {
      this.power = power;
      return this;
    }

    /** Prune every this many steps, at least 1; default {@link #DEFAULT_FREQUENCY}. */
    public Builder frequency(int frequency) {
      this.frequency = frequency;
      return this;
    }

    /**
     * The schedule.
     *
     * @throws IllegalArgumentException if a required value is missing, or naming the bad field and value
     */
    public PolynomialDecaySchedule build() {
      if (finalSparsity == null) {
        throw new IllegalArgumentException("finalSparsity must be set");
      }
      if (endStep == null) {
        throw new IllegalArgumentException("endStep must be set");
      }
      return new PolynomialDecaySchedule(initialSparsity, finalSparsity, beginStep, endStep, power, frequency);
    }
  }

  /** Prunes on the frequency grid from {@code beginStep}, and at {@code endStep}. */
  @Override
  public boolean shouldPrune(long step) {
    return PruningSteps.due(step, beginStep, endStep, frequency);
  }

  /** {@code s_t} of the formula above. */
  @Override
  public double sparsityAt(long step) {
    PruningSteps.checkStep(step);
    double progress = Math.min(1.0, Math.max(0.0, (double) (step - beginStep) / (endStep - beginStep)));
    return finalSparsity + (initialSparsity - finalSparsity) * Math.pow(1.0 - progress, power);
  }
}
