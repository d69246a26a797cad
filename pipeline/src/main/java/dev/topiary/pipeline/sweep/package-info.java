/**
 * Sweeps: a recipe's {@code sweep:} section, whose parameter lists and ranges expand into branches
 * of one baseline ({@link dev.topiary.pipeline.sweep.SweepCompiler}), and the pick of its
 * objective among the measured branches ({@link dev.topiary.pipeline.sweep.SweepChoice}). Nothing
 * here needs Spark: {@code topiary run} runs a sweep's branches in-process, one after another; the
 * optional {@code topiary-spark} module runs them as Spark tasks.
 */
package dev.topiary.pipeline.sweep;
