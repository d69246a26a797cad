/**
 * Gradual pruning during training (Zhu &amp; Gupta 2017; tfmot's {@code prune_low_magnitude}).
 *
 * <p>A {@link dev.topiary.pruning.schedule.PruningSchedule} ({@link
 * dev.topiary.pruning.schedule.PolynomialDecaySchedule}, {@link
 * dev.topiary.pruning.schedule.ConstantSparsitySchedule}) says at which training steps to prune and
 * to which sparsity; a {@link dev.topiary.pruning.schedule.GradualPruningListener} attached to a
 * DL4J network applies it in any training loop, keeps the masks, and records one
 * {@link dev.topiary.pruning.schedule.PruningSummary} per layer and pruning step. The
 * {@code prune.gradual} recipe stage ({@link dev.topiary.pruning.schedule.GradualPruningSpec})
 * fine-tunes a copy of its input with that listener.
 */
package dev.topiary.pruning.schedule;
