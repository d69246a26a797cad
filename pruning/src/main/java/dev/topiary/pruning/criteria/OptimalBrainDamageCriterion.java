package dev.topiary.pruning.criteria;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.Datasets;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.pruning.ImportanceCriterion;
import dev.topiary.pruning.PrunableParameter;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Optimal Brain Damage (LeCun, Denker and Solla 1990): the saliency {@code ½·h_ii·w_i²}, the loss
 * increase a second-order Taylor expansion predicts for removing weight i at a minimum.
 *
 * <p><b>Estimators.</b> DL4J has no second-order backward pass, so the Hessian diagonal
 * {@code h_ii} is estimated from first derivatives, on N calibration examples, with one of two
 * {@link Curvature} estimators:
 * <ul>
 *   <li>{@link Curvature#GAUSS_NEWTON} (the default): the exact diagonal of the Gauss-Newton matrix
 *       {@code Σ_n J_nᵀ H_n J_n / N}, where {@code H_n = diag(p) − ppᵀ} is the Hessian of the
 *       cross-entropy with respect to the logits. Since {@code H_n = Σ_c p_c (e_c − p)(e_c − p)ᵀ}
 *       and {@code J_nᵀ(p − e_c)} is the gradient of the loss with label c, the diagonal is
 *       {@code (1/N)·Σ_n Σ_c p_c·g_{n,c}²}: per example, one backward pass per class, weighted by
 *       the model's probability of that class. For a softmax with cross-entropy this is also the
 *       true Fisher information. It is the curvature at a minimum up to the term of the residuals.
 *   <li>{@link Curvature#EMPIRICAL_FISHER}: {@code (1/N)·Σ_n g_{n,y_n}²}, the true labels only;
 *       N times cheaper than Gauss-Newton for K classes by a factor K, but near a minimum the
 *       gradients of well-classified examples vanish and the estimate follows the misclassified
 *       ones (Kunstner, Balles and Hennig 2019). On the Fashion-MNIST MLP benchmark it ranks
 *       weights worse than plain magnitude (see the README).
 * </ul>
 * Both need per-example gradients: the squared gradient of a minibatch <em>mean</em> adds the cross
 * terms of different examples, so gradients are taken one example at a time (DL4J's gradient of a
 * minibatch of one is exactly that example's gradient). Classes whose probability is below 1e-8
 * are skipped (their weight in the sum is negligible).
 *
 * <p><b>Cost.</b> Per calibration example one forward pass and one backward pass per class
 * (Gauss-Newton) or one in all (empirical Fisher), at batch size 1. Dropout and weight noise are
 * switched off on the probe copy; batch normalisation in training mode on batches of one would
 * distort the gradients, so networks with it are not a good fit.
 */
public final class OptimalBrainDamageCriterion implements ImportanceCriterion {

  private static final int CHUNK = 256;

  private static final double MIN_PROBABILITY = 1e-8;

  private final Dataset calibration;
  private final Curvature curvature;

  /**
   * As {@link #OptimalBrainDamageCriterion(Dataset, Curvature)}, with the examples of one pass of a
   * DL4J iterator.
   *
   * @throws IllegalArgumentException if the iterator yields no examples, or as the other constructor
   */
  public OptimalBrainDamageCriterion(DataSetIterator calibration, Curvature curvature) {
    this(Datasets.from(calibration), curvature);
  }

  /**
   * The Gauss-Newton diagonal on the examples of one pass of a DL4J iterator.
   *
   * @throws IllegalArgumentException if the iterator yields no examples
   */
  public OptimalBrainDamageCriterion(DataSetIterator calibration) {
    this(Datasets.from(calibration));
  }

  /**
   * A criterion estimating the Gauss-Newton diagonal on every row of {@code calibration}.
   *
   * @throws IllegalArgumentException if there are no calibration rows
   */
  public OptimalBrainDamageCriterion(Dataset calibration) {
    this(calibration, Curvature.GAUSS_NEWTON);
  }

  /**
   * A criterion estimating the Hessian diagonal with {@code curvature} on every row of
   * {@code calibration}.
   *
   * @throws IllegalArgumentException if there are no calibration rows
   */
  public OptimalBrainDamageCriterion(Dataset calibration, Curvature curvature) {
    GradientProbe.requireRows(calibration, "obd");
    if (curvature == null) {
      throw new IllegalArgumentException("curvature must not be null");
    }
    this.calibration = calibration;
    this.curvature = curvature;
  }

  @Override
  public String name() {
    return "obd";
  }

  /** The estimator of the Hessian diagonal. */
  public Curvature curvature() {
    return curvature;
  }

  /** The estimated Hessian diagonal of the parameters, by key (row-major), with this criterion's estimator. */
  public Map<String, double[]> hessianDiagonal(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> diagonal = GradientProbe.zeros(parameters);
    int classes = calibration.classCount();
    try (GradientProbe probe = new GradientProbe(model.network(), model.network().params().dataType())) {
      for (int from = 0; from < calibration.rows(); from += CHUNK) {
        int to = Math.min(from + CHUNK, calibration.rows());
        try (INDArray x = calibration.featureMatrix(from, to); INDArray y = calibration.oneHotLabels(from, to)) {
          for (int row = 0; row < to - from; row++) {
            try (INDArray xi = x.getRow(row, true).dup()) {
              if (curvature == Curvature.EMPIRICAL_FISHER) {
                try (INDArray yi = y.getRow(row, true).dup()) {
                  GradientProbe.addSquared(diagonal, probe.gradientSum(xi, yi, parameters), 1.0);
                }
                continue;
              }
              double[] probabilities;
              try (INDArray out = probe.network().output(xi, false)) {
                probabilities = out.dup('c').data().asDouble();
              }
              for (int c = 0; c < classes; c++) {
                if (probabilities[c] < MIN_PROBABILITY) {
                  continue;
                }
                try (INDArray label = Nd4j.zeros(xi.dataType(), 1, classes)) {
                  label.putScalar(0, c, 1.0);
                  GradientProbe.addSquared(diagonal, probe.gradientSum(xi, label, parameters), probabilities[c]);
                }
              }
            }
          }
        }
      }
    }
    GradientProbe.scale(diagonal, 1.0 / calibration.rows());
    return diagonal;
  }

  @Override
  public Map<String, double[]> scores(NetworkModel model, List<PrunableParameter> parameters) {
    Map<String, double[]> saliency = hessianDiagonal(model, parameters);
    saliency.forEach((key, values) -> {
      double[] w = GradientProbe.flat(model.parameter(key));
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.5 * values[i] * w[i] * w[i];
      }
    });
    return saliency;
  }
}
