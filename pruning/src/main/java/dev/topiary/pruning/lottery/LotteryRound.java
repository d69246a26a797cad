package dev.topiary.pruning.lottery;

/**
 * One training run of a lottery ticket search: rounds 1..n train and then prune; round n + 1
 * trains the final ticket and prunes nothing.
 *
 * @param round 1-based round number
 * @param sparsity sparsity of the selected weights while this round trained
 * @param validationAccuracy accuracy on the validation split after training, before pruning; null
 *     if the validation split is empty
 * @param validationLoss mean cross-entropy on the validation split after training; null if it is empty
 * @param trainLoss mean training loss of the round's last epoch
 * @param epochs epochs trained
 * @param iterations minibatch updates made
 * @param prunedTo sparsity of the selected weights after this round's pruning; null for the final
 *     training round
 */
public record LotteryRound(int round, double sparsity, Double validationAccuracy, Double validationLoss,
    double trainLoss, int epochs, long iterations, Double prunedTo) {

  /** True for the last run, which trains the final ticket without pruning. */
  public boolean isFinalTraining() {
    return prunedTo == null;
  }
}
