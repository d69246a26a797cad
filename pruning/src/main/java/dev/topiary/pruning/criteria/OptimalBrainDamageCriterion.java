package dev.topiary.pruning.criteria;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Optimal Brain Damage (LeCun, Denker and Solla 1990): the saliency {@code ½·h_ii·w_i²}, the loss
 * increase a second-order Taylor expansion predicts for removing weight i at a minimum.
 *
 * <p><b>Estimator.</b> The Hessian diagonal {@code h_ii} is estimated by the diagonal of the
 * empirical Fisher information, {@code F_ii = (1/N)·Σ_n (∂ℓ_n/∂w_i)²}: the mean over the N
 * calibration examples of the squared <em>per-example</em> gradient of the loss with the true
 * labels. For the cross-entropy of a softmax (a log-likelihood) the Fisher equals the Gauss-Newton
 * part of the Hessian in expectation, is non-negative (so saliencies are too), and needs only first
 * derivatives, which DL4J provides; DL4J has no second-order backward pass for the exact diagonal.
 * The squared gradient of a minibatch <em>mean</em> is not this quantity (it adds the cross terms
 * of different examples and shrinks the diagonal by the batch size), so the gradient is computed
 * one example at a time: DL4J's gradient of a minibatch of one is exactly that example's gradient.
 * A trick through the outer-product form of dense-layer gradients would batch this, but needs
 * per-example pre-activation deltas that DL4J does not expose, and does not cover convolutions.
 *
 * <p><b>Cost.</b> One forward and one backward pass per calibration example at batch size 1:
 * about N times the work of one training step on a batch of one (a few hundred examples take a
 * second on an MNIST-sized MLP). Like every empirical-Fisher method it is meant for a trained
 * network, near a minimum, where it approximates the curvature best. Dropout and weight noise are
 * switched off on the probe copy; batch normalisation in training mode on batches of one would
 * distort the gradients, so networks with it are not a good fit.
 */
public final class OptimalBrainDamageCriterion implements ImportanceCriterion {

  private static final int CHUNK = 256;

  private final Dataset calibration;

  /**
   * A criterion estimating the Fisher diagonal on every row of {@code calibration}.
   *
   * @throws IllegalArgumentException if there are no calibration rows
   */
  public OptimalBrainDamageCriterion(Dataset calibration) {
    GradientProbe.requireRows(calibration, "obd");
    this.calibration = calibration;
  }

  @Override
  public String name() {
    return "obd";
  }

  /** The diagonal of the empirical Fisher information of the parameters, by key (row-major). */
  public Map<String, double[]> fisherDiagonal(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> fisher = GradientProbe.zeros(parameters);
    try (GradientProbe probe = new GradientProbe(model.network(), model.network().params().dataType())) {
      for (int from = 0; from < calibration.rows(); from += CHUNK) {
        int to = Math.min(from + CHUNK, calibration.rows());
        try (INDArray x = calibration.featureMatrix(from, to); INDArray y = calibration.oneHotLabels(from, to)) {
          for (int row = 0; row < to - from; row++) {
            try (INDArray xi = x.getRow(row, true).dup(); INDArray yi = y.getRow(row, true).dup()) {
              GradientProbe.add(fisher, probe.gradientSum(xi, yi, parameters), true);
            }
          }
        }
      }
    }
    GradientProbe.scale(fisher, 1.0 / calibration.rows());
    return fisher;
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> saliency = fisherDiagonal(model, parameters);
    saliency.forEach((key, values) -> {
      double[] w = GradientProbe.flat(model.parameter(key));
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.5 * values[i] * w[i] * w[i];
      }
    });
    return saliency;
  }
}
