/**
 * The mask-pruning recipe stages: one parameter record, {@link dev.topiary.pruning.stages.MaskPruningSpec},
 * shared by every {@code prune.*} mask type, the criterion a parameter that the type's name gives
 * ({@link dev.topiary.pruning.stages.MaskCriterion}); one factory registered per criterion; one thin
 * stage calling {@link dev.topiary.pruning.Pruner}. Also {@code prune.strip}'s parameters.
 */
package dev.topiary.pruning.stages;
