package dev.topiary.distillation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import java.util.Random;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossKLD;

/**
 * The trainer's updates against references that share none of its code: DL4J's own MCXENT and KLD
 * losses on the teacher's probabilities (alpha 1, T 1), and a plain-Java forward/backward pass of
 * the loss's formula with SGD (alpha 0.9, T 4), both over shuffled minibatches and several epochs,
 * so that the soft targets' alignment with their rows and the single tempering are checked too.
 */
class DistillationTrainerReferenceTest {

  /** alpha 1, T 1: the loss is KL(p‖q) = CE(p, q) − H(p), whose gradient is DL4J's MCXENT on soft labels. */
  @Test
  void alphaOneTemperatureOneMatchesDl4jCrossEntropyAndKldOnTeacherProbabilities() {
    Dataset data = TinyNetworks.blobs(5, 40, 4, 3);
    long seed = 13;
    for (boolean kld : new boolean[] {false, true}) {
      try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3);
          NetworkModel distilled = TinyNetworks.mlp(2, 4, 6, 3);
          NetworkModel plain = distilled.copy()) {
        teacher.network().fit(new DataSet(data.featureMatrix(0, 40), data.oneHotLabels(0, 40)));
        if (kld) {
          ((org.deeplearning4j.nn.conf.layers.BaseOutputLayer) plain.network().getLayerWiseConfigurations()
              .getConf(1).getLayer()).setLossFn(new LossKLD());
        }
        DistillationTrainer.builder().teacher(teacher).temperature(1).alpha(1).epochs(3).batchSize(10).seed(seed)
            .build().fit(distilled, data);
        Random random = new Random(seed);
        for (int epoch = 0; epoch < 3; epoch++) {
          Dataset order = data.subset(Dataset.permutation(data.rows(), random));
          for (int from = 0; from < 40; from += 10) {
            INDArray f = order.featureMatrix(from, from + 10);
            INDArray soft = teacher.network().output(f, false);
            plain.network().fit(new DataSet(f, soft));
          }
        }
        double[] a = distilled.network().params().data().asDouble();
        double[] b = plain.network().params().data().asDouble();
        for (int i = 0; i < a.length; i++) {
          assertThat(a[i]).as("kld %s parameter %d", kld, i).isCloseTo(b[i], within(2e-5));
        }
      }
    }
  }

  private static MultiLayerNetwork sgdStudent(long seed, double rate) {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(seed).dataType(DataType.FLOAT).updater(new Sgd(rate)).weightInit(WeightInit.XAVIER)
        .list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(6).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  private static double[][] matrix(MultiLayerNetwork network, String key) {
    return network.getParam(key).castTo(DataType.DOUBLE).toDoubleMatrix();
  }

  private static double[] vector(MultiLayerNetwork network, String key) {
    return network.getParam(key).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
  }

  private static double[] softmax(double[] z, double t) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v / t);
    }
    double sum = 0;
    double[] out = new double[z.length];
    for (int c = 0; c < z.length; c++) {
      out[c] = Math.exp(z[c] / t - max);
      sum += out[c];
    }
    for (int c = 0; c < z.length; c++) {
      out[c] /= sum;
    }
    return out;
  }

  /** Teacher logits by hand from its parameters (ReLU hidden layer), so soft targets = softmax(v/T). */
  private static double[] teacherLogits(MultiLayerNetwork teacher, float[] x) {
    double[][] w1 = matrix(teacher, "0_W");
    double[] b1 = vector(teacher, "0_b");
    double[][] w2 = matrix(teacher, "1_W");
    double[] b2 = vector(teacher, "1_b");
    double[] h = new double[b1.length];
    for (int j = 0; j < h.length; j++) {
      double s = b1[j];
      for (int i = 0; i < x.length; i++) {
        s += x[i] * w1[i][j];
      }
      h[j] = Math.max(0, s);
    }
    double[] v = new double[b2.length];
    for (int c = 0; c < v.length; c++) {
      double s = b2[c];
      for (int j = 0; j < h.length; j++) {
        s += h[j] * w2[j][c];
      }
      v[c] = s;
    }
    return v;
  }

  /**
   * alpha 0.9, T 4, plain SGD over shuffled minibatches for 3 epochs: every update of the trainer
   * against a plain-Java forward/backward pass of the formula, with soft targets softmax(v/T) from
   * the teacher's own logits.
   */
  @Test
  void tempered90PercentSoftMatchesAPlainJavaSgdReference() {
    Dataset data = TinyNetworks.blobs(5, 40, 4, 3);
    long seed = 13;
    double t = 4;
    double alpha = 0.9;
    double rate = 0.3;
    int batch = 10;
    try (NetworkModel teacher = TinyNetworks.mlp(1, 4, 8, 3)) {
      teacher.network().fit(new DataSet(data.featureMatrix(0, 40), data.oneHotLabels(0, 40)));
      MultiLayerNetwork student = sgdStudent(2, rate);
      double[][] w1 = matrix(student, "0_W");
      double[] b1 = vector(student, "0_b");
      double[][] w2 = matrix(student, "1_W");
      double[] b2 = vector(student, "1_b");
      DistillationTrainer.builder().teacher(teacher).temperature(t).alpha(alpha).epochs(3).batchSize(batch)
          .seed(seed).build().fit(student, data);

      int in = 4;
      int hidden = 6;
      int classes = 3;
      Random random = new Random(seed);
      for (int epoch = 0; epoch < 3; epoch++) {
        int[] order = Dataset.permutation(data.rows(), random);
        for (int from = 0; from < 40; from += batch) {
          double[][] gw1 = new double[in][hidden];
          double[] gb1 = new double[hidden];
          double[][] gw2 = new double[hidden][classes];
          double[] gb2 = new double[classes];
          for (int k = from; k < from + batch; k++) {
            int row = order[k];
            float[] x = data.featureRows(row, row + 1);
            double[] pT = softmax(teacherLogits(teacher.network(), x), t);
            double[] a = new double[hidden];
            for (int j = 0; j < hidden; j++) {
              double s = b1[j];
              for (int i = 0; i < in; i++) {
                s += x[i] * w1[i][j];
              }
              a[j] = Math.tanh(s);
            }
            double[] z = new double[classes];
            for (int c = 0; c < classes; c++) {
              double s = b2[c];
              for (int j = 0; j < hidden; j++) {
                s += a[j] * w2[j][c];
              }
              z[c] = s;
            }
            double[] qT = softmax(z, t);
            double[] q = softmax(z, 1);
            double[] gz = new double[classes];
            for (int c = 0; c < classes; c++) {
              double y = data.label(row) == c ? 1 : 0;
              gz[c] = alpha * t * (qT[c] - pT[c]) + (1 - alpha) * (q[c] - y);
              gb2[c] += gz[c];
              for (int j = 0; j < hidden; j++) {
                gw2[j][c] += a[j] * gz[c];
              }
            }
            for (int j = 0; j < hidden; j++) {
              double ga = 0;
              for (int c = 0; c < classes; c++) {
                ga += gz[c] * w2[j][c];
              }
              double gpre = ga * (1 - a[j] * a[j]);
              gb1[j] += gpre;
              for (int i = 0; i < in; i++) {
                gw1[i][j] += x[i] * gpre;
              }
            }
          }
          // SGD on the batch mean
          for (int i = 0; i < in; i++) {
            for (int j = 0; j < hidden; j++) {
              w1[i][j] -= rate * gw1[i][j] / batch;
            }
          }
          for (int j = 0; j < hidden; j++) {
            b1[j] -= rate * gb1[j] / batch;
            for (int c = 0; c < classes; c++) {
              w2[j][c] -= rate * gw2[j][c] / batch;
            }
          }
          for (int c = 0; c < classes; c++) {
            b2[c] -= rate * gb2[c] / batch;
          }
        }
      }
      double maxMove = 0;
      MultiLayerNetwork untrained = sgdStudent(2, rate);
      double[][] w2Start = matrix(untrained, "1_W");
      untrained.close();
      double[][] w2Trained = matrix(student, "1_W");
      double[][] w1Trained = matrix(student, "0_W");
      for (int j = 0; j < hidden; j++) {
        for (int c = 0; c < classes; c++) {
          maxMove = Math.max(maxMove, Math.abs(w2Trained[j][c] - w2Start[j][c]));
          assertThat(w2Trained[j][c]).as("1_W[%d][%d]", j, c).isCloseTo(w2[j][c], within(1e-5));
        }
      }
      for (int i = 0; i < in; i++) {
        for (int j = 0; j < hidden; j++) {
          assertThat(w1Trained[i][j]).as("0_W[%d][%d]", i, j).isCloseTo(w1[i][j], within(1e-5));
        }
      }
      double[] b1Trained = vector(student, "0_b");
      for (int j = 0; j < hidden; j++) {
        assertThat(b1Trained[j]).as("0_b[%d]", j).isCloseTo(b1[j], within(1e-5));
      }
      double[] b2Trained = vector(student, "1_b");
      for (int c = 0; c < classes; c++) {
        assertThat(b2Trained[c]).as("1_b[%d]", c).isCloseTo(b2[c], within(1e-5));
      }
      assertThat(maxMove).as("largest change of an output weight").isGreaterThan(0.1);
      student.close();
    }
  }
}
