package dev.topiary.distillation;

import java.util.List;

/**
 * What one distillation run did: the loss curve per epoch, as means over the epoch's examples of
 * the running (pre-update) loss of each minibatch.
 *
 * @param softLoss the soft-target term {@code T²·KL(p_teacher,T ‖ p_student,T)} per epoch, before alpha
 * @param hardLoss the hard-label cross-entropy per epoch, before {@code 1 − alpha}; 0 when unlabeled
 * @param totalLoss {@code alpha·soft + (1 − alpha)·hard} per epoch (without regularisation)
 * @param iterations minibatch updates made
 */
public record DistillationHistory(List<Double> softLoss, List<Double> hardLoss, List<Double> totalLoss,
    long iterations) {

  /** Copies the lists. */
  public DistillationHistory {
    softLoss = List.copyOf(softLoss);
    hardLoss = List.copyOf(hardLoss);
    totalLoss = List.copyOf(totalLoss);
  }

  /** The total loss of the last epoch, or NaN if none ran. */
  public double finalLoss() {
    return totalLoss.isEmpty() ? Double.NaN : totalLoss.get(totalLoss.size() - 1);
  }
}
