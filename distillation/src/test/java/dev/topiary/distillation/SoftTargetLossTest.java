package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftTargetLossTest {

  private static final double[][] LOGITS = {{1.0, 2.0, 0.5}, {-0.3, 0.1, 0.8}};
  private static final double[][] TEACHER = {{0.6, 0.3, 0.1}, {0.2, 0.2, 0.6}};
  private static final double[][] HARD = {{0, 1, 0}, {0, 0, 1}};

  private static INDArray logits(double[][] z) {
    return Nd4j.create(z).castTo(DataType.DOUBLE);
  }

  private static INDArray labels(double[][] teacher, double[][] hard) {
    double[][] joined = new double[teacher.length][];
    for (int i = 0; i < teacher.length; i++) {
      joined[i] = new double[2 * teacher[i].length];
      System.arraycopy(teacher[i], 0, joined[i], 0, teacher[i].length);
      System.arraycopy(hard[i], 0, joined[i], teacher[i].length, hard[i].length);
    }
    return Nd4j.create(joined).castTo(DataType.DOUBLE);
  }

  /** The loss written out term by term, as the paper states it. */
  private static double handLoss(double[][] z, double[][] p, double[][] y, double t, double alpha) {
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      double zt = 0;
      double z1 = 0;
      for (double v : z[i]) {
        zt += Math.exp(v / t);
        z1 += Math.exp(v);
      }
      double kl = 0;
      double ce = 0;
      for (int c = 0; c < z[i].length; c++) {
        double qt = Math.exp(z[i][c] / t) / zt;
        kl += p[i][c] * Math.log(p[i][c] / qt);
        ce -= y[i][c] * Math.log(Math.exp(z[i][c]) / z1);
      }
      sum += alpha * t * t * kl + (1 - alpha) * ce;
    }
    return sum;
  }

  @ParameterizedTest
  @CsvSource({"1, 0.5", "2, 0.9", "4, 0.3", "20, 1", "0.5, 0"})
  void valueMatchesTheFormula(double t, double alpha) {
    SoftTargetLoss loss = new SoftTargetLoss(t, alpha);

    double sum = loss.computeScore(labels(TEACHER, HARD), logits(LOGITS), new ActivationSoftmax(), null, false);
    double mean = loss.computeScore(labels(TEACHER, HARD), logits(LOGITS), new ActivationSoftmax(), null, true);

    assertThat(sum).isCloseTo(handLoss(LOGITS, TEACHER, HARD, t, alpha), within(1e-12));
    assertThat(mean).isCloseTo(sum / 2, within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"1, 0.5", "2, 0.9", "4, 0.3", "20, 1", "0.5, 0", "8, 0.7"})
  void gradientMatchesFiniteDifferences(double t, double alpha) {
    SoftTargetLoss loss = new SoftTargetLoss(t, alpha);
    INDArray labels = labels(TEACHER, HARD);
    double[][] gradient = loss.computeGradient(labels, logits(LOGITS), new ActivationSoftmax(), null)
        .toDoubleMatrix();
    double h = 1e-6;
    for (int i = 0; i < LOGITS.length; i++) {
      for (int c = 0; c < LOGITS[i].length; c++) {
        double[][] plus = copy(LOGITS);
        double[][] minus = copy(LOGITS);
        plus[i][c] += h;
        minus[i][c] -= h;
        double numeric = (handLoss(plus, TEACHER, HARD, t, alpha) - handLoss(minus, TEACHER, HARD, t, alpha)) / (2 * h);
        assertThat(gradient[i][c]).as("d/dz[%d][%d]", i, c).isCloseTo(numeric, within(1e-6));
      }
    }
  }

  @Test
  void softTermGradientKeepsItsMagnitudeAsTemperatureGrows() {
    // Hinton et al. 2.1: for zero-mean logits z (student) and v (teacher) and large T,
    // T² · d KL / dz → (z − v) / C: independent of T thanks to the T² factor.
    double[] z = {1.0, -0.5, -0.5};
    double[] v = {-1.0, 2.0, -1.0};
    for (double t : new double[] {50, 100, 200}) {
      double[] teacher = new double[3];
      SoftTargetLoss.logSoftmax(v, t, teacher);
      for (int c = 0; c < 3; c++) {
        teacher[c] = Math.exp(teacher[c]);
      }
      double[][] gradient = new SoftTargetLoss(t, 1)
          .computeGradient(labels(new double[][] {teacher}, new double[][] {{0, 0, 0}}), logits(new double[][] {z}),
              new ActivationSoftmax(), null)
          .toDoubleMatrix();
      for (int c = 0; c < 3; c++) {
        assertThat(gradient[0][c]).as("T=%s class %d", t, c).isCloseTo((z[c] - v[c]) / 3, within(0.5 / t));
      }
    }
  }

  @Test
  void unlabeledRowsContributeTheSoftTermOnly() {
    SoftTargetLoss loss = new SoftTargetLoss(3, 1);
    double[][] none = {{0, 0, 0}, {0, 0, 0}};

    double unlabeled = loss.computeScore(labels(TEACHER, none), logits(LOGITS), new ActivationSoftmax(), null, false);

    assertThat(unlabeled).isCloseTo(handLoss(LOGITS, TEACHER, HARD, 3, 1), within(1e-12));
  }

  @Test
  void perExampleMaskWeightsRows() {
    SoftTargetLoss loss = new SoftTargetLoss(2, 0.5);
    INDArray mask = Nd4j.create(new double[][] {{1}, {0}}).castTo(DataType.DOUBLE);

    double masked = loss.computeScore(labels(TEACHER, HARD), logits(LOGITS), new ActivationSoftmax(), mask, false);

    assertThat(masked).isCloseTo(handLoss(new double[][] {LOGITS[0]}, new double[][] {TEACHER[0]},
        new double[][] {HARD[0]}, 2, 0.5), within(1e-12));
  }

  @Test
  void rejectsBadSettingsAndShapes() {
    assertThatThrownBy(() -> new SoftTargetLoss(0, 0.5)).hasMessage("temperature must be positive, got 0.0");
    assertThatThrownBy(() -> new SoftTargetLoss(2, 1.5)).hasMessage("alpha must be in [0, 1], got 1.5");
    SoftTargetLoss loss = new SoftTargetLoss(2, 0.5);
    assertThatThrownBy(() -> loss.computeScore(logits(TEACHER), logits(LOGITS), new ActivationSoftmax(), null, false))
        .hasMessage("distillation labels must be 2 × 6 (teacher probabilities, then one-hot labels), got 2 × 3");
    assertThatThrownBy(() -> loss.computeScore(labels(TEACHER, HARD), logits(LOGITS), new ActivationIdentity(), null,
        false)).hasMessage("the distillation loss needs a softmax output layer, got activation identity");
  }

  @Test
  void softTargetsAtTemperatureMatchAHandComputation() {
    // softmax(log p / 2) = sqrt(p) / Σ sqrt(p)
    float[] p = {0.7f, 0.2f, 0.1f};
    double norm = Math.sqrt(0.7f) + Math.sqrt(0.2f) + Math.sqrt(0.1f);

    double[] soft = SoftTargets.combine(List.of(p), 1, 3, 2, EnsembleAveraging.PROBABILITIES);

    assertThat(soft[0]).isCloseTo(Math.sqrt(0.7f) / norm, within(1e-9));
    assertThat(soft[1]).isCloseTo(Math.sqrt(0.2f) / norm, within(1e-9));
    assertThat(soft[2]).isCloseTo(Math.sqrt(0.1f) / norm, within(1e-9));
  }

  @Test
  void ensemblesAverageProbabilitiesOrLogProbabilities() {
    float[] a = {0.8f, 0.2f};
    float[] b = {0.4f, 0.6f};

    double[] arithmetic = SoftTargets.combine(List.of(a, b), 1, 2, 1, EnsembleAveraging.PROBABILITIES);
    double[] geometric = SoftTargets.combine(List.of(a, b), 1, 2, 1, EnsembleAveraging.LOG_PROBABILITIES);

    assertThat(arithmetic[0]).isCloseTo((0.8f + 0.4f) / 2.0, within(1e-7));
    assertThat(arithmetic[1]).isCloseTo((0.2f + 0.6f) / 2.0, within(1e-7));
    double g0 = Math.sqrt(0.8f * 0.4f);
    double g1 = Math.sqrt(0.2f * 0.6f);
    assertThat(geometric[0]).isCloseTo(g0 / (g0 + g1), within(1e-7));
    assertThat(geometric[1]).isCloseTo(g1 / (g0 + g1), within(1e-7));
  }

  private static double[][] copy(double[][] values) {
    double[][] out = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i].clone();
    }
    return out;
  }
}
