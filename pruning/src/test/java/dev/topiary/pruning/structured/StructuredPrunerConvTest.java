package dev.topiary.pruning.structured;

import static dev.topiary.pruning.structured.StructuredFixtures.inputs;
import static dev.topiary.pruning.structured.StructuredFixtures.output;
import static dev.topiary.pruning.structured.StructuredFixtures.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.misc.ElementWiseMultiplicationLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Structured pruning of convolution filters, through pooling, batch norm and the flatten. */
class StructuredPrunerConvTest {

  private static long size(NetworkModel model, int layer, boolean in) {
    FeedForwardLayer conf = (FeedForwardLayer) model.network().getLayerWiseConfigurations().getConf(layer).getLayer();
    return in ? conf.getNIn() : conf.getNOut();
  }

  private static void zeroFilter(NetworkModel model, int layer, int filter) {
    model.parameter(layer + "_W").get(NDArrayIndex.point(filter), NDArrayIndex.all(), NDArrayIndex.all(),
        NDArrayIndex.all()).assign(0);
    model.parameter(layer + "_b").putScalar(filter, 0);
  }

  /** Rows {@code rows} of a c-order matrix of {@code columns} columns. */
  private static double[] rows(double[] matrix, int columns, int... rows) {
    double[] out = new double[rows.length * columns];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(matrix, rows[r] * columns, out, r * columns, columns);
    }
    return out;
  }

  /**
   * conv 4@3×3 on 6×6 → 4×4 → max pool → 2×2 → dense 16. The flatten is a c-order reshape of
   * [batch, channels, 2, 2], so channel c owns dense input rows 4c … 4c+3: keeping channels 0 and
   * 2 keeps rows 0–3 and 8–11.
   */
  @Test
  void convPoolDenseRemovesAllFlattenedRowsOfAFilter() {
    try (NetworkModel model = TinyNetworks.cnn(5, 6, 4, 3)) {
      zeroFilter(model, 0, 1);
      zeroFilter(model, 0, 3);
      double[] w0 = values(model, "0_W");
      double[] b0 = values(model, "0_b");
      double[] w2 = values(model, "2_W");
      var input = inputs(3, 10, 36);
      double[] before = output(model, input);
      try (StructuredPruningResult result = StructuredPruner.prune(model,
          StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(2))))) {
        NetworkModel pruned = result.model();
        assertThat(result.layers()).containsExactly(
            new PrunedLayer(0, "layer0", "ConvolutionLayer", 4, 2, List.of(1, 3)));
        assertThat(size(pruned, 0, false)).isEqualTo(2);
        assertThat(size(pruned, 2, true)).isEqualTo(8);
        CnnToFeedForwardPreProcessor flatten = (CnnToFeedForwardPreProcessor)
            pruned.network().getLayerWiseConfigurations().getInputPreProcess(2);
        assertThat(flatten.getNumChannels()).isEqualTo(2);
        assertThat(flatten.getInputHeight()).isEqualTo(2);
        assertThat(flatten.getInputWidth()).isEqualTo(2);
        assertThat(pruned.parameter("0_W").shape()).containsExactly(2, 1, 3, 3);
        assertThat(values(pruned, "0_W")).containsExactly(rows(w0, 9, 0, 2), within(1e-6));
        assertThat(values(pruned, "0_b")).containsExactly(new double[] {b0[0], b0[2]}, within(1e-6));
        assertThat(values(pruned, "2_W")).containsExactly(rows(w2, 16, 0, 1, 2, 3, 8, 9, 10, 11), within(1e-6));
        assertThat(output(pruned, input)).containsExactly(before, within(1e-6));
        assertThat(result.parametersAfter()).isEqualTo(2 * 9 + 2 + 8 * 16 + 16 + 16 * 3 + 3);
      }
    }
  }

  /**
   * conv 4 → batch norm → conv 3 → pool → output (12 = 3·2·2 inputs). Filter 1 of layer 0 and
   * filter 0 of layer 2 are zero; batch norm's gamma and beta of channel 1 are zero so it passes 0.
   */
  @Test
  void convBatchNormConvPoolOutputDropsChannelsEverywhere() {
    try (NetworkModel model = StructuredFixtures.convConvNet(9)) {
      zeroFilter(model, 0, 1);
      zeroFilter(model, 2, 0);
      model.parameter("1_gamma").assign(Nd4j.create(new float[] {1.5f, 0, 0.5f, 2}).reshape(model.parameter("1_gamma").shape()));
      model.parameter("1_beta").assign(Nd4j.create(new float[] {0.1f, 0, -0.2f, 0.3f}).reshape(model.parameter("1_beta").shape()));
      model.parameter("1_mean").assign(Nd4j.create(new float[] {0.2f, 0.4f, 0.6f, 0.8f}).reshape(model.parameter("1_mean").shape()));
      List<String> bnKeys = model.network().paramTable().keySet().stream().filter(k -> k.startsWith("1_")).toList();
      Map<String, double[]> bn = new java.util.LinkedHashMap<>();
      bnKeys.forEach(key -> bn.put(key, values(model, key)));
      double[] w2 = values(model, "2_W");
      double[] w4 = values(model, "4_W");
      var input = inputs(4, 6, 64);
      double[] before = output(model, input);
      try (StructuredPruningResult result = StructuredPruner.prune(model,
          StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(1), 2, UnitBudget.ofCount(1))))) {
        NetworkModel pruned = result.model();
        assertThat(result.layers()).extracting(PrunedLayer::removed).containsExactly(List.of(1), List.of(0));
        assertThat(size(pruned, 0, false)).isEqualTo(3);
        assertThat(size(pruned, 1, true)).isEqualTo(3);
        assertThat(size(pruned, 1, false)).isEqualTo(3);
        assertThat(size(pruned, 2, true)).isEqualTo(3);
        assertThat(size(pruned, 2, false)).isEqualTo(2);
        assertThat(size(pruned, 4, true)).isEqualTo(8);
        assertThat(bnKeys).contains("1_gamma", "1_beta", "1_mean");
        bn.forEach((key, old) -> assertThat(values(pruned, key))
            .as(key).containsExactly(new double[] {old[0], old[2], old[3]}, within(1e-6)));
        // conv 2 W [3, 4, 3, 3] → filters 1, 2 and input channels 0, 2, 3
        double[] expected = new double[2 * 3 * 9];
        int next = 0;
        for (int f : new int[] {1, 2}) {
          for (int c : new int[] {0, 2, 3}) {
            System.arraycopy(w2, (f * 4 + c) * 9, expected, next, 9);
            next += 9;
          }
        }
        assertThat(values(pruned, "2_W")).containsExactly(expected, within(1e-6));
        assertThat(values(pruned, "4_W")).containsExactly(rows(w4, 2, 4, 5, 6, 7, 8, 9, 10, 11), within(1e-6));
        assertThat(output(pruned, input)).containsExactly(before, within(1e-6));
      }
    }
  }

  @Test
  void rejectsLayersItCannotPruneOrFollow() {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
        .layer(new DenseLayer.Builder().nIn(4).nOut(6).activation(Activation.RELU).build())
        .layer(new ElementWiseMultiplicationLayer.Builder().nIn(6).nOut(6).activation(Activation.IDENTITY).build())
        .layer(new OutputLayer.Builder().nIn(6).nOut(2).activation(Activation.SOFTMAX).build())
        .build();
    MultiLayerNetwork network = new MultiLayerNetwork(conf);
    network.init();
    String unsupported = "layer 1 (ElementWiseMultiplicationLayer) is not supported by structured pruning; "
        + "supported layer types: [ActivationLayer, BatchNormalization, ConvolutionLayer, DenseLayer, DropoutLayer, "
        + "OutputLayer, SubsamplingLayer]";
    try (NetworkModel model = NetworkModel.owning(network)) {
      assertThatThrownBy(() -> StructuredPruner.prune(model, StructuredPruningPlan.of(Map.of(0, UnitBudget.ofCount(1)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(unsupported);
      assertThatThrownBy(() -> StructuredPruner.prune(model, StructuredPruningPlan.of(Map.of(1, UnitBudget.ofCount(1)))))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(unsupported);
    }
    try (NetworkModel cnn = TinyNetworks.cnn(5, 6, 4, 3)) {
      assertThatThrownBy(() -> StructuredPruner.prune(cnn, StructuredPruningPlan.of(Map.of(1, UnitBudget.ofCount(1)))))
          .hasMessage("layer 1 (SubsamplingLayer) has no units of its own to remove: only DenseLayer neurons and "
              + "ConvolutionLayer filters can be removed");
    }
  }
}
