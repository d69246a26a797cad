package dev.topiary.distillation;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Hinton, Vinyals and Dean's (2015) distillation loss as a DL4J loss function for a softmax output
 * layer:
 *
 * <pre>
 *   L(z) = alpha · T² · KL(p_teacher,T ‖ softmax(z / T)) + (1 − alpha) · CE(y, softmax(z))
 * </pre>
 *
 * <p>where {@code z} are the student's logits (the output layer's pre-activation) and
 * {@code p_teacher,T} the teacher's probabilities at temperature {@code T}. Its gradient with
 * respect to the logits is {@code alpha · T · (softmax(z/T) − p_teacher,T) + (1 − alpha) ·
 * (softmax(z) · Σy − y)}.
 *
 * <p><b>Why T².</b> The soft term's gradient carries a factor 1/T from the division of the logits
 * by T, and for large T the difference of two tempered softmaxes is itself about (z − v)/(C·T)
 * (Hinton et al., section 2.1), so soft-target gradients shrink as 1/T². Multiplying the soft term
 * by T² keeps its gradient comparable to the hard-label term's as T changes, so {@code alpha}
 * keeps its meaning across temperatures.
 *
 * <p><b>Labels.</b> Each label row is {@code 2·C} wide: the teacher's tempered probabilities
 * ({@code C} values summing to 1), then the one-hot hard label ({@code C} values; all zero for an
 * unlabeled example, which then contributes only its soft term — use {@code alpha = 1} for an
 * unlabeled transfer set). A per-example mask (a column) weights rows. The score is the sum over
 * rows (mean with {@code average}), like DL4J's own losses; the gradient is per row, not divided
 * by the batch size (DL4J's updater divides).
 *
 * <p>The activation function given by the layer is ignored except that it must be softmax: the
 * loss computes its softmaxes from the logits itself, in double precision. When a {@link Tally}
 * is attached, every {@link #computeScore} call adds the batch's soft and hard sums to it (the
 * trainer's per-epoch loss curve).
 */
public final class SoftTargetLoss implements ILossFunction {

  private static final long serialVersionUID = 1L;

  private final double temperature;
  private final double alpha;
  private transient Tally tally;

  /**
   * A loss at temperature {@code temperature} with soft-term weight {@code alpha}.
   *
   * @throws IllegalArgumentException if {@code temperature ≤ 0} or {@code alpha} is outside [0, 1]
   */
  public SoftTargetLoss(double temperature, double alpha) {
    if (!(temperature > 0 && Double.isFinite(temperature))) {
      throw new IllegalArgumentException("temperature must be positive, got " + temperature);
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
    }
    this.temperature = temperature;
    this.alpha = alpha;
  }

  /** The temperature T. */
  public double temperature() {
    return temperature;
  }

  /** The weight of the soft-target term, in [0, 1]. */
  public double alpha() {
    return alpha;
  }

  /** Attaches (or, with null, detaches) the tally that {@link #computeScore} adds to. */
  void tally(Tally value) {
    this.tally = value;
  }

  @Override
  public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean average) {
    Terms terms = evaluate(labels, preOutput, activationFn, mask, false);
    double soft = 0;
    double hard = 0;
    for (int i = 0; i < terms.rows; i++) {
      soft += terms.soft[i];
      hard += terms.hard[i];
    }
    if (tally != null) {
      tally.add(soft, hard, terms.rows);
    }
    double total = alpha * soft + (1 - alpha) * hard;
    return average ? total / terms.rows : total;
  }

  @Override
  public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    Terms terms = evaluate(labels, preOutput, activationFn, mask, false);
    double[] total = new double[terms.rows];
    for (int i = 0; i < terms.rows; i++) {
      total[i] = alpha * terms.soft[i] + (1 - alpha) * terms.hard[i];
    }
    return Nd4j.create(total, new long[] {terms.rows, 1}, DataType.DOUBLE).castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    Terms terms = evaluate(labels, preOutput, activationFn, mask, true);
    return Nd4j.create(terms.gradient, new long[] {terms.rows, terms.classes}, DataType.DOUBLE)
        .castTo(preOutput.dataType());
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput,
      IActivation activationFn, INDArray mask, boolean average) {
    return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "SoftTargetLoss(T=" + temperature + ", alpha=" + alpha + ")";
  }

  @Override
  public String toString() {
    return name();
  }

  /** Per-row soft term T²·KL (without alpha), hard term CE, and optionally the gradient. */
  private Terms evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
      boolean withGradient) {
    if (!(activationFn instanceof ActivationSoftmax)) {
      throw new IllegalArgumentException("the distillation loss needs a softmax output layer, got activation "
          + activationFn);
    }
    int rows = Math.toIntExact(preOutput.size(0));
    int classes = Math.toIntExact(preOutput.size(1));
    if (labels.size(0) != rows || labels.size(1) != 2L * classes) {
      throw new IllegalArgumentException("distillation labels must be " + rows + " × " + (2 * classes)
          + " (teacher probabilities, then one-hot labels), got " + labels.size(0) + " × " + labels.size(1));
    }
    double[][] z = preOutput.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[][] target = labels.castTo(DataType.DOUBLE).toDoubleMatrix();
    double[] weights = mask == null ? null : mask.castTo(DataType.DOUBLE).reshape(mask.length()).toDoubleVector();
    if (weights != null && weights.length != rows) {
      throw new IllegalArgumentException("the distillation loss takes a per-example mask of " + rows
          + " values, got " + weights.length);
    }
    Terms terms = new Terms(rows, classes, withGradient);
    double[] soft = new double[classes];
    double[] hard = new double[classes];
    double[] logTempered = new double[classes];
    double[] logPlain = new double[classes];
    for (int i = 0; i < rows; i++) {
      double weight = weights == null ? 1 : weights[i];
      logSoftmax(z[i], temperature, logTempered);
      logSoftmax(z[i], 1, logPlain);
      double kl = 0;
      double ce = 0;
      double labelSum = 0;
      for (int c = 0; c < classes; c++) {
        double p = target[i][c];
        soft[c] = p;
        if (p > 0) {
          kl += p * (Math.log(p) - logTempered[c]);
        }
        double y = target[i][classes + c];
        hard[c] = y;
        labelSum += y;
        if (y != 0) {
          ce -= y * logPlain[c];
        }
      }
      terms.soft[i] = weight * temperature * temperature * kl;
      terms.hard[i] = weight * ce;
      if (withGradient) {
        for (int c = 0; c < classes; c++) {
          double softGradient = temperature * (Math.exp(logTempered[c]) - soft[c]);
          double hardGradient = Math.exp(logPlain[c]) * labelSum - hard[c];
          terms.gradient[i * classes + c] = weight * (alpha * softGradient + (1 - alpha) * hardGradient);
        }
      }
    }
    return terms;
  }

  /** log softmax(z / t), computed stably. */
  static void logSoftmax(double[] z, double t, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    for (double v : z) {
      sum += Math.exp(v / t - max);
    }
    double log = max + Math.log(sum);
    for (int c = 0; c < z.length; c++) {
      out[c] = z[c] / t - log;
    }
  }

  private static final class Terms {
    final int rows;
    final int classes;
    final double[] soft;
    final double[] hard;
    final double[] gradient;

    Terms(int rows, int classes, boolean withGradient) {
      this.rows = rows;
      this.classes = classes;
      this.soft = new double[rows];
      this.hard = new double[rows];
      this.gradient = withGradient ? new double[rows * classes] : null;
    }
  }

  /** Sums of the soft term (T²·KL) and the hard term (CE) over the examples scored. */
  static final class Tally {
    private double soft;
    private double hard;
    private long examples;

    void add(double softSum, double hardSum, long rows) {
      soft += softSum;
      hard += hardSum;
      examples += rows;
    }

    double meanSoft() {
      return examples == 0 ? Double.NaN : soft / examples;
    }

    double meanHard() {
      return examples == 0 ? Double.NaN : hard / examples;
    }

    void reset() {
      soft = 0;
      hard = 0;
      examples = 0;
    }
  }
}
