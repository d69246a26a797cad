/**
 * CI gates: the recipe's {@code assert:} bounds checked against the final model of a run or of
 * each branch ({@link dev.topiary.pipeline.gate.GateCheck}); a failed gate makes
 * {@code topiary run} and {@code topiary compare} exit with {@code 3}.
 */
package dev.topiary.pipeline.gate;
