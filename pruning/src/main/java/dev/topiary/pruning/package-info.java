/**
 * Unstructured and N:M pruning of DL4J networks through masks.
 *
 * <p>The library entry point is {@link dev.topiary.pruning.Pruner}: it takes a
 * {@link dev.topiary.core.model.NetworkModel}, a {@link dev.topiary.pruning.PruningPlan} (which
 * parameters, how many, in which scope and pattern) and an
 * {@link dev.topiary.pruning.ImportanceCriterion} (a score per weight, lower is pruned first), and
 * returns a pruned copy whose masks keep the pruned weights at zero during later fine-tuning.
 * Criteria live in {@code dev.topiary.pruning.criteria}; the recipe stages in
 * {@code dev.topiary.pruning.stages}; {@link dev.topiary.pruning.PruningModule} registers them.
 */
package dev.topiary.pruning;
