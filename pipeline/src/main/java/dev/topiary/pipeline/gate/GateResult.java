package dev.topiary.pipeline.gate;

/**
 * One gate checked on one model.
 *
 * @param gate the gate's name, e.g. {@code maxAccuracyDrop}
 * @param model what was checked: {@code final model} or {@code branch <name>}
 * @param measured the measured value, in the gate's unit (NaN if it could not be measured)
 * @param bound the recipe's bound
 * @param passed true if the measured value is within the bound
 */
public record GateResult(String gate, String model, double measured, double bound, boolean passed) {

  /** {@code gate maxAccuracyDrop failed for branch fast: measured 0.82 points, bound 0.5}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "gate %s %s for %s: measured %s, bound %s", gate,
        passed ? "passed" : "failed", model, GateCheck.format(gate, measured), GateCheck.format(gate, bound));
  }
}
