package dev.topiary.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.measure.Evaluator;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitRelu;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainSpecTest {

  private static TrainSpec spec(String architecture, List<Integer> hidden) {
    return new TrainSpec(architecture, hidden, null, 1, null, null, null, null, null);
  }

  private static NetworkModel build(TrainSpec spec, Dataset data) {
    MultiLayerNetwork network = new MultiLayerNetwork(spec.configuration(data, 5));
    network.init();
    return NetworkModel.owning(network);
  }

  private static long[] forwardShape(NetworkModel model, Dataset data, int rows) {
    try (INDArray out = model.network().output(data.featureMatrix(0, rows))) {
      return out.shape();
    }
  }

  @Test
  void fillsDefaults() {
    TrainSpec spec = new TrainSpec("MLP", List.of(8), null, 3, null, null, null, null, null);
    assertThat(spec).isEqualTo(new TrainSpec("mlp", List.of(8), "relu", 3, 64, 0.001, "adam", 0.0, null));
    assertThat(spec.seedOr(9)).isEqualTo(9);
    assertThat(new TrainSpec("mlp", List.of(8), "TanH", 3, 8, 0.1, "SGD", 0.5, 4L).seedOr(9)).isEqualTo(4);
  }

  @Test
  void mlpHasDenseLayersOfTheHiddenSizesAndRunsForward() {
    Dataset data = TinyNetworks.blobs(1, 20, 4, 3);
    try (NetworkModel model = build(spec("mlp", List.of(8, 6)), data)) {
      assertThat(model.describe()).isEqualTo("in 4 → dense 8 → dense 6 → output 3");
      // 4*8+8 + 8*6+6 + 6*3+3
      assertThat(model.parameterCount()).isEqualTo(115);
      assertThat(model.network().params().dataType()).isEqualTo(DataType.FLOAT);
      assertThat(forwardShape(model, data, 5)).containsExactly(5, 3);
      BaseLayer hidden = (BaseLayer) model.network().getLayerWiseConfigurations().getConf(0).getLayer();
      BaseLayer output = (BaseLayer) model.network().getLayerWiseConfigurations().getConf(2).getLayer();
      assertThat(hidden.getWeightInitFn()).isInstanceOf(WeightInitRelu.class);
      assertThat(output.getWeightInitFn()).isInstanceOf(WeightInitXavier.class);
    }
  }

  @Test
  void tanhLayersStartFromXavierWeights() {
    Dataset data = TinyNetworks.blobs(1, 20, 4, 3);
    TrainSpec spec = new TrainSpec("mlp", List.of(8), "tanh", 1, null, null, null, null, null);
    try (NetworkModel model = build(spec, data)) {
      BaseLayer hidden = (BaseLayer) model.network().getLayerWiseConfigurations().getConf(0).getLayer();
      assertThat(hidden.getWeightInitFn()).isInstanceOf(WeightInitXavier.class);
    }
  }

  @Test
  void lenet5OnTwentyEightPixelImages() {
    Dataset data = TinyNetworks.imageBlobs(1, 10, 28, 10);
    try (NetworkModel model = build(spec("lenet5", null), data)) {
      assertThat(model.describe()).isEqualTo("in 784 → convolution 6@5x5 → maxpool 2x2 → convolution 16@5x5"
          + " → maxpool 2x2 → dense 120 → dense 84 → output 10");
      // conv 6*25+6, conv 16*6*25+16, dense 400*120+120, dense 120*84+84, output 84*10+10
      assertThat(model.parameterCount()).isEqualTo(156 + 2416 + 48120 + 10164 + 850);
      assertThat(forwardShape(model, data, 2)).containsExactly(2, 10);
    }
  }

  @Test
  void cnnSmallIsTheTensorFlowPruningTutorialNetwork() {
    Dataset data = TinyNetworks.imageBlobs(1, 10, 28, 10);
    try (NetworkModel model = build(spec("cnn-small", null), data)) {
      assertThat(model.describe()).isEqualTo("in 784 → convolution 12@3x3 → maxpool 2x2 → output 10");
      // conv 12*9+12, output 13*13*12*10+10
      assertThat(model.parameterCount()).isEqualTo(120 + 20290);
      assertThat(forwardShape(model, data, 3)).containsExactly(3, 10);
    }
  }

  @Test
  void convolutionalArchitecturesNeedImages() {
    Dataset flat = TinyNetworks.blobs(1, 10, 4, 3);
    assertThatThrownBy(() -> spec("lenet5", null).configuration(flat, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model.train.architecture: lenet5 needs image data (channels×height×width), but the data has "
            + "plain rows of 4 features");
    Dataset tiny = TinyNetworks.imageBlobs(1, 10, 8, 3);
    assertThatThrownBy(() -> spec("lenet5", null).configuration(tiny, 1))
        .hasMessage("model.train.architecture: lenet5 needs images of at least 12x12 pixels, but the data's "
            + "images are 1x8x8");
  }

  @Test
  void dropoutGoesOnTheInputsOfTheLayersAsAKeepProbability() {
    Dataset data = TinyNetworks.blobs(1, 20, 4, 3);
    TrainSpec spec = new TrainSpec("mlp", List.of(8, 6), null, 1, null, null, null, null, null, 0.5, 0.2);
    assertThat(spec.hiddenDropout()).isEqualTo(0.5);
    assertThat(spec.featureDropout()).isEqualTo(0.2);
    try (NetworkModel model = build(spec, data)) {
      var layers = model.network().getLayerWiseConfigurations();
      // DL4J's Dropout holds the probability of keeping a unit, applied to the layer's input
      assertThat(((Dropout) layers.getConf(0).getLayer().getIDropout()).getP()).isCloseTo(0.8, within(1e-12));
      assertThat(((Dropout) layers.getConf(1).getLayer().getIDropout()).getP()).isCloseTo(0.5, within(1e-12));
      assertThat(((Dropout) layers.getConf(2).getLayer().getIDropout()).getP()).isCloseTo(0.5, within(1e-12));
      // inverted dropout: inference is deterministic and unscaled
      try (INDArray first = model.network().output(data.featureMatrix(0, 5));
          INDArray second = model.network().output(data.featureMatrix(0, 5))) {
        assertThat(first).isEqualTo(second);
      }
    }
    TrainSpec hiddenOnly = new TrainSpec("mlp", List.of(8), null, 1, null, null, null, null, null, 0.5, 0.0);
    try (NetworkModel model = build(hiddenOnly, data)) {
      var layers = model.network().getLayerWiseConfigurations();
      assertThat(layers.getConf(0).getLayer().getIDropout()).isNull();
      assertThat(((Dropout) layers.getConf(1).getLayer().getIDropout()).getP()).isCloseTo(0.5, within(1e-12));
    }
    try (NetworkModel model = build(spec("mlp", List.of(8)), data)) {
      var layers = model.network().getLayerWiseConfigurations();
      assertThat(layers.getConf(0).getLayer().getIDropout()).isNull();
      assertThat(layers.getConf(1).getLayer().getIDropout()).isNull();
    }
    // a spec without dropout equals (and serialises as) one from before the option existed
    assertThat(spec("mlp", List.of(8))).isEqualTo(new TrainSpec("mlp", List.of(8), null, 1, null, null, null, null,
        null, null, null));
  }

  @Test
  void dropoutTrainingIsSeededAndChangesTheWeights() {
    Dataset data = TinyNetworks.blobs(3, 300, 4, 3);
    TrainSpec dropout = new TrainSpec("mlp", List.of(16), null, 5, 16, 0.01, null, null, null, 0.5, 0.2);
    TrainSpec plain = new TrainSpec("mlp", List.of(16), null, 5, 16, 0.01, null, null, null);
    try (NetworkModel first = dropout.train(data, 11, ProgressReporter.NONE);
        NetworkModel second = dropout.train(data, 11, ProgressReporter.NONE);
        NetworkModel without = plain.train(data, 11, ProgressReporter.NONE)) {
      assertThat(first.network().params()).isEqualTo(second.network().params());
      assertThat(first.network().params()).isNotEqualTo(without.network().params());
      assertThat(Evaluator.evaluate(first, data).accuracy()).isGreaterThan(0.9);
    }
  }

  @Test
  void trainsSeededAndLearnsBlobs() {
    Dataset data = TinyNetworks.blobs(3, 300, 4, 3);
    TrainSpec spec = new TrainSpec("mlp", List.of(8), null, 5, 16, 0.01, null, null, null);
    try (NetworkModel first = spec.train(data, 11, ProgressReporter.NONE);
        NetworkModel second = spec.train(data, 11, ProgressReporter.NONE)) {
      assertThat(first.network().params()).isEqualTo(second.network().params());
      assertThat(Evaluator.evaluate(first, data).accuracy()).isGreaterThan(0.9);
    }
  }

  @Test
  void validationMessagesNameTheField() {
    assertThatThrownBy(() -> spec(null, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model.train.architecture: required; one of [mlp, lenet5, cnn-small]");
    assertThatThrownBy(() -> spec("resnet", null))
        .hasMessage("model.train.architecture: unknown architecture 'resnet'; one of [mlp, lenet5, cnn-small]");
    assertThatThrownBy(() -> spec("mlp", null)).hasMessage("model.train.hidden: required for architecture mlp");
    assertThatThrownBy(() -> spec("mlp", List.of(300, 0)))
        .hasMessage("model.train.hidden: every size must be at least 1, got [300, 0]");
    assertThatThrownBy(() -> spec("cnn-small", List.of(10)))
        .hasMessage("model.train.hidden: not used by architecture cnn-small (only mlp takes hidden layer sizes)");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), "rlu", 1, null, null, null, null, null))
        .hasMessage("model.train.activation: unknown activation 'rlu'; one of [cube, elu, gelu, hardsigmoid, "
            + "hardtanh, identity, leakyrelu, mish, rationaltanh, rectifiedtanh, relu, relu6, rrelu, selu, sigmoid, "
            + "softmax, softplus, softsign, swish, tanh, thresholdedrelu]");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, null, null, null, null, null, null))
        .hasMessage("model.train.epochs: required");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, 0, null, null, null, null, null))
        .hasMessage("model.train.epochs: must be at least 1, got 0");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, 1, 0, null, null, null, null))
        .hasMessage("model.train.batchSize: must be at least 1, got 0");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, 1, null, -0.5, null, null, null))
        .hasMessage("model.train.learningRate: must be positive, got -0.5");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, 1, null, null, "rmsprop", null, null))
        .hasMessage("model.train.updater: unknown updater 'rmsprop'; one of [adam, sgd, nesterovs]");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(), null, 1, null, null, null, -0.1, null))
        .hasMessage("model.train.l2: must be at least 0, got -0.1");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(8), null, 1, null, null, null, null, null, 1.0, null))
        .hasMessage("model.train.dropout: must be in [0, 1) (the probability of dropping a unit), got 1.0");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(8), null, 1, null, null, null, null, null, null, -0.2))
        .hasMessage("model.train.inputDropout: must be in [0, 1) (the probability of dropping a unit), got -0.2");
    assertThatThrownBy(() -> new TrainSpec("mlp", List.of(8), null, 1, null, null, null, null, null, Double.NaN,
        null)).hasMessage("model.train.dropout: must be in [0, 1) (the probability of dropping a unit), got NaN");
    assertThatThrownBy(() -> new TrainSpec("lenet5", null, null, 1, null, null, null, null, null, 0.5, null))
        .hasMessage("model.train.dropout: only architecture mlp takes dropout, not lenet5");
    assertThatThrownBy(() -> new TrainSpec("cnn-small", null, null, 1, null, null, null, null, null, null, 0.2))
        .hasMessage("model.train.inputDropout: only architecture mlp takes dropout, not cnn-small");
  }
}
