package dev.topiary.pruning.criteria;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.pruning.LayerSelection;
import dev.topiary.pruning.PrunableParameter;
import dev.topiary.pruning.Pruner;
import dev.topiary.pruning.PruningPlan;
import dev.topiary.pruning.PruningResult;
import dev.topiary.pruning.Scope;
import java.util.List;
import java.util.Map;
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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CriteriaTest {

  private static final double EPS = 1e-6;

  /** A double-precision 3-4-3 network (tanh, softmax) so that finite differences are exact to ~1e-10. */
  private static NetworkModel doubleNetwork() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
        .seed(42).dataType(DataType.DOUBLE).updater(new Adam(1e-2)).weightInit(WeightInit.XAVIER).list()
        .layer(new DenseLayer.Builder().nIn(3).nOut(4).activation(Activation.TANH).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    network.getParam("0_b").assign(Nd4j.create(new double[] {0.1, -0.2, 0.05, 0.3}, new long[] {1, 4}));
    return NetworkModel.owning(network);
  }

  /** d(mean loss over rows [from, to))/dw for every entry of {@code key}, by central differences. */
  private static double[] finiteDifferenceGradient(NetworkModel model, Dataset data, int from, int to, String key) {
    MultiLayerNetwork network = model.network();
    INDArray param = model.parameter(key);
    long columns = param.size(1);
    DataSet batch = new DataSet(data.featureMatrix(from, to).castTo(DataType.DOUBLE),
        data.oneHotLabels(from, to).castTo(DataType.DOUBLE));
    double[] gradient = new double[(int) param.length()];
    for (int k = 0; k < gradient.length; k++) {
      long row = k / columns;
      long column = k % columns;
      double w = param.getDouble(row, column);
      param.putScalar(row, column, w + EPS);
      double plus = network.score(batch, false);
      param.putScalar(row, column, w - EPS);
      double minus = network.score(batch, false);
      param.putScalar(row, column, w);
      gradient[k] = (plus - minus) / (2 * EPS);
    }
    return gradient;
  }

  private static double[] weights(NetworkModel model, String key) {
    return model.parameter(key).dup('c').data().asDouble();
  }

  @Test
  void obdMatchesABruteForceFisherDiagonal() {
    Dataset data = TinyNetworks.blobs(3, 6, 3, 3);
    try (NetworkModel model = doubleNetwork()) {
      List<PrunableParameter> params = LayerSelection.ALL_WEIGHTS.resolve(model.network());
      OptimalBrainDamageCriterion obd = new OptimalBrainDamageCriterion(data, Curvature.EMPIRICAL_FISHER);
      Map<String, double[]> fisher = obd.hessianDiagonal(model, params);
      Map<String, double[]> saliency = obd.scores(model, params);
      for (String key : List.of("0_W", "1_W")) {
        double[] expected = new double[(int) model.parameter(key).length()];
        for (int n = 0; n < data.rows(); n++) {
          double[] g = finiteDifferenceGradient(model, data, n, n + 1, key);
          for (int k = 0; k < expected.length; k++) {
            expected[k] += g[k] * g[k] / data.rows();
          }
        }
        double[] w = weights(model, key);
        for (int k = 0; k < expected.length; k++) {
          assertThat(fisher.get(key)[k]).isCloseTo(expected[k], within(1e-6));
          assertThat(saliency.get(key)[k]).isCloseTo(0.5 * expected[k] * w[k] * w[k], within(1e-6));
        }
      }
      // the squared gradient of the mean is a different (smaller) quantity
      double[] mean = finiteDifferenceGradient(model, data, 0, data.rows(), "1_W");
      assertThat(mean[0] * mean[0]).isLessThan(fisher.get("1_W")[0]);
    }
  }

  @Test
  void obdGaussNewtonMatchesABruteForceProbabilityWeightedSumOverClasses() {
    Dataset data = TinyNetworks.blobs(3, 6, 3, 3);
    try (NetworkModel model = doubleNetwork()) {
      List<PrunableParameter> params = LayerSelection.ALL_WEIGHTS.resolve(model.network());
      OptimalBrainDamageCriterion obd = new OptimalBrainDamageCriterion(data);
      assertThat(obd.curvature()).isEqualTo(Curvature.GAUSS_NEWTON);
      Map<String, double[]> diagonal = obd.hessianDiagonal(model, params);
      Map<String, double[]> saliency = obd.scores(model, params);
      for (String key : List.of("0_W", "1_W")) {
        double[] expected = new double[(int) model.parameter(key).length()];
        for (int n = 0; n < data.rows(); n++) {
          double[] p = model.network().output(data.featureMatrix(n, n + 1).castTo(DataType.DOUBLE))
              .dup().data().asDouble();
          for (int c = 0; c < 3; c++) {
            // the same example with label c
            Dataset withLabel = new Dataset(data.featureRows(n, n + 1), new int[] {c}, 3, 3, null, List.of());
            double[] g = finiteDifferenceGradient(model, withLabel, 0, 1, key);
            for (int k = 0; k < expected.length; k++) {
              expected[k] += p[c] * g[k] * g[k] / data.rows();
            }
          }
        }
        double[] w = weights(model, key);
        for (int k = 0; k < expected.length; k++) {
          assertThat(diagonal.get(key)[k]).isCloseTo(expected[k], within(1e-6));
          assertThat(saliency.get(key)[k]).isCloseTo(0.5 * expected[k] * w[k] * w[k], within(1e-6));
        }
      }
    }
  }

  @Test
  void curvatureNamesAreTheRecipeNames() {
    assertThat(Curvature.fromRecipeName("gauss-newton")).isEqualTo(Curvature.GAUSS_NEWTON);
    assertThat(Curvature.EMPIRICAL_FISHER.recipeName()).isEqualTo("empirical-fisher");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Curvature.fromRecipeName("exact"))
        .hasMessage("curvature must be one of [gauss-newton, empirical-fisher], got 'exact'");
  }

  @Test
  void taylorAndSnipScoresAreWeightTimesTheMeanLossGradient() {
    Dataset data = TinyNetworks.blobs(3, 6, 3, 3);
    try (NetworkModel model = doubleNetwork()) {
      List<PrunableParameter> params = new LayerSelection(List.of(), true, false, false).resolve(model.network());
      // batches of 4 over 6 rows: the accumulation must still give the mean over all rows
      Map<String, double[]> taylor = new TaylorCriterion(data, 4).scores(model, params);
      Map<String, double[]> snip = new SnipCriterion(data, 6).scores(model, params);
      double total = 0;
      for (String key : List.of("0_W", "1_W")) {
        double[] g = finiteDifferenceGradient(model, data, 0, data.rows(), key);
        double[] w = weights(model, key);
        for (int k = 0; k < g.length; k++) {
          assertThat(taylor.get(key)[k]).isCloseTo(Math.abs(w[k] * g[k]), within(1e-6));
          total += Math.abs(w[k] * g[k]);
        }
      }
      double sum = 0;
      for (double[] values : taylor.values()) {
        for (double value : values) {
          sum += value;
        }
      }
      for (String key : taylor.keySet()) {
        for (int k = 0; k < taylor.get(key).length; k++) {
          assertThat(snip.get(key)[k]).isCloseTo(taylor.get(key)[k] / sum, within(1e-6));
        }
      }
      assertThat(total).isPositive();
    }
  }

  @Test
  void synflowScoresEqualTheClosedFormOfAPositiveTwoLayerNetwork() {
    // with |θ| and an all-ones input every ReLU is active, so R = Σ_k (Σ_i|W1_ik| + |b1_k|)·Σ_j|W2_kj| + Σ_j|b2_j|
    try (NetworkModel model = TinyNetworks.mlp(1, 4, 2, 2)) {
      model.parameter("0_W").assign(Nd4j.create(new float[] {0.1f, -0.8f, 0.5f, 0.2f, -0.3f, 0.9f, 0.7f, -0.05f},
          new long[] {4, 2}, 'c'));
      model.parameter("0_b").assign(Nd4j.create(new float[] {0.5f, -0.25f}, new long[] {1, 2}, 'c'));
      model.parameter("1_W").assign(Nd4j.create(new float[] {0.01f, 0.15f, -0.02f, 0.12f}, new long[] {2, 2}, 'c'));
      List<PrunableParameter> params = LayerSelection.ALL_WEIGHTS.resolve(model.network());
      Map<String, double[]> scores = new SynFlowCriterion().scores(model, params);
      double[] w1 = weights(model, "0_W");
      double[] b1 = weights(model, "0_b");
      double[] w2 = weights(model, "1_W");
      double[] in = new double[2];
      double[] out = new double[2];
      for (int k = 0; k < 2; k++) {
        in[k] = Math.abs(b1[k]);
        for (int i = 0; i < 4; i++) {
          in[k] += Math.abs(w1[i * 2 + k]);
        }
        out[k] = Math.abs(w2[k * 2]) + Math.abs(w2[k * 2 + 1]);
      }
      for (int i = 0; i < 4; i++) {
        for (int k = 0; k < 2; k++) {
          assertThat(scores.get("0_W")[i * 2 + k]).isCloseTo(Math.abs(w1[i * 2 + k]) * out[k], within(1e-6));
        }
      }
      for (int k = 0; k < 2; k++) {
        for (int j = 0; j < 2; j++) {
          assertThat(scores.get("1_W")[k * 2 + j]).isCloseTo(Math.abs(w2[k * 2 + j]) * in[k], within(1e-6));
        }
      }
    }
  }

  @Test
  void synflowAvoidsTheLayerCollapseOfGlobalMagnitude() {
    try (NetworkModel model = TinyNetworks.mlp(11, 20, 32, 32, 4)) {
      // a middle layer of small weights: global magnitude at 99% empties it, cutting the network
      model.parameter("1_W").muli(0.01);
      PruningPlan plan = PruningPlan.builder().sparsity(0.99).scope(Scope.GLOBAL).build();
      try (PruningResult magnitude = Pruner.prune(model, plan, new MagnitudeCriterion());
          PruningResult synflow = Pruner.prune(model, PruningPlan.builder().sparsity(0.99).scope(Scope.GLOBAL)
              .iterations(100).build(), new SynFlowCriterion())) {
        assertThat(magnitude.report().layers().get(1).sparsity()).isEqualTo(1.0);
        assertThat(synflow.report().rounds()).isEqualTo(100);
        assertThat(synflow.report().prunedWeights()).isEqualTo(magnitude.report().prunedWeights());
        synflow.report().layers().forEach(layer -> assertThat(layer.pruned()).isLessThan(layer.weights()));
      }
    }
  }
}
