package dev.topiary.pruning.schedule;

/**
 * When to prune during training and to which sparsity, step by step (the counterpart of tfmot's
 * {@code PruningSchedule}).
 *
 * <p>A step is the 0-based index of a completed training update (a DL4J iteration): step 0 is the
 * first minibatch update. Schedules prune only forward: the sparsity they ask for never decreases,
 * and {@link dev.topiary.pruning.Pruner} keeps weights pruned at earlier steps pruned.
 */
public interface PruningSchedule {

  /**
   * True if the model is pruned after update {@code step}.
   *
   * @throws IllegalArgumentException if {@code step} is negative
   */
  boolean shouldPrune(long step);

  /**
   * The target sparsity at {@code step}, in [0, 1): the fraction of the selected weights that is
   * pruned when {@link #shouldPrune} is true at this step.
   *
   * @throws IllegalArgumentException if {@code step} is negative
   */
  double sparsityAt(long step);
}
