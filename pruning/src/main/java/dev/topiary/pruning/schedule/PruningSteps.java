package dev.topiary.pruning.schedule;

/** The pruning-step rule the schedules share, and the checks of their step fields. */
final class PruningSteps {

  private PruningSteps() {}

  /**
   * True if {@code beginStep ≤ step ≤ endStep} (no upper bound when {@code endStep} is
   * {@link ConstantSparsitySchedule#NO_END}) and either {@code (step − beginStep)} is a multiple of
   * {@code frequency} or {@code step == endStep}.
   */
  static boolean due(long step, long beginStep, long endStep, int frequency) {
    checkStep(step);
    boolean ended = endStep != ConstantSparsitySchedule.NO_END && step > endStep;
    if (step < beginStep || ended) {
      return false;
    }
    return (step - beginStep) % frequency == 0 || step == endStep;
  }

  /** Throws unless {@code step ≥ 0}. */
  static void checkStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must not be negative, got " + step);
    }
  }

  /** Throws the standard message unless {@code value} is in [0, 1). */
  static void checkSparsity(String field, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1), got " + value);
    }
  }

  /** Checks {@code beginStep ≥ 0} and {@code frequency ≥ 1}. */
  static void checkBeginAndFrequency(long beginStep, int frequency) {
    if (beginStep < 0) {
      throw new IllegalArgumentException("beginStep must not be negative, got " + beginStep);
    }
    if (frequency < 1) {
      throw new IllegalArgumentException("frequency must be at least 1, got " + frequency);
    }
  }
}
