package dev.topiary.deploy.compile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FeatureShape;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.LayerInfo;
import dev.topiary.runtime.RuntimeModel;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class CompilerEquivalenceTest {

  private static final double TOLERANCE = 1e-5;

  private static double maxDifference(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  /** Both kernels match DL4J within 1e-5 on 9 rows (one odd batch, so both dense paths run). */
  private static void assertMatches(MultiLayerNetwork network) {
    int inputSize = NetworkModel.inputSize(network);
    float[] x = Dl4jNetworks.rows(9, inputSize, 77);
    float[] expected = Dl4jNetworks.output(network, x, 9);
    for (KernelKind kernel : new KernelKind[] {KernelKind.DENSE, KernelKind.SPARSE}) {
      RuntimeModel model = RuntimeCompiler.compile(network, kernel);
      assertThat(model.inputSize()).isEqualTo(inputSize);
      assertThat(maxDifference(model.predict(x, 9), expected)).as("%s kernel", kernel).isLessThanOrEqualTo(TOLERANCE);
      float[] one = java.util.Arrays.copyOf(x, inputSize);
      assertThat(maxDifference(model.predict(one, 1), java.util.Arrays.copyOf(expected, model.classCount())))
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  private static OutputLayer softmax(int classes) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
        .build();
  }

  @Test
  void mlpArchitecture() {
    Dataset data = Dl4jNetworks.data(8, 20, 4, null, 1);
    MultiLayerNetwork network = Dl4jNetworks.architecture("mlp", List.of(16, 8), "relu", data, 1);
    Dl4jNetworks.randomiseAllParameters(network, 2);
    assertMatches(network);
    RuntimeModel model = RuntimeCompiler.compile(network, KernelKind.DENSE);
    assertThat(model.layers()).extracting(LayerInfo::type).containsExactly("dense", "dense", "dense");
    assertThat(model.parameterCount()).isEqualTo(network.numParams());
  }

  @Test
  void lenet5Architecture() {
    Dataset data = Dl4jNetworks.data(4, 16 * 16, 10, new FeatureShape(1, 16, 16), 3);
    MultiLayerNetwork network = Dl4jNetworks.architecture("lenet5", null, "relu", data, 3);
    Dl4jNetworks.randomiseAllParameters(network, 4);
    assertMatches(network);
    assertThat(RuntimeCompiler.compile(network, KernelKind.DENSE).layers()).extracting(LayerInfo::type)
        .containsExactly("conv2d", "maxpool", "conv2d", "maxpool", "flatten", "dense", "dense", "dense");
  }

  @Test
  void cnnSmallArchitectureWithTheConvToDenseFlattenOrder() {
    Dataset data = Dl4jNetworks.data(4, 2 * 9 * 8, 3, new FeatureShape(2, 9, 8), 5);
    MultiLayerNetwork network = Dl4jNetworks.architecture("cnn-small", null, "relu", data, 5);
    Dl4jNetworks.randomiseAllParameters(network, 6);
    assertMatches(network);
    RuntimeModel model = RuntimeCompiler.compile(network, KernelKind.DENSE);
    assertThat(model.layers().get(1).outputShape()).containsExactly(12, 3, 3);
    assertThat(model.inputShape()).containsExactly(2, 9, 8);
  }

  @ParameterizedTest
  @ValueSource(strings = {"identity", "relu", "leakyrelu", "elu", "tanh", "sigmoid", "softmax"})
  void everyActivation(String name) {
    Activation activation = Activation.fromString(name);
    MultiLayerNetwork network = Dl4jNetworks.network(7, InputType.feedForward(6),
        new DenseLayer.Builder().nOut(5).activation(activation).build(),
        new ActivationLayer.Builder().activation(activation).build(),
        softmax(3));
    Dl4jNetworks.randomiseAllParameters(network, 8);
    assertMatches(network);
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void convolutionAndPoolingInSameModeWithStridesAndAverageDivisors(boolean includePad) {
    MultiLayerNetwork network = Dl4jNetworks.network(9, InputType.convolutionalFlat(7, 6, 2),
        new ConvolutionLayer.Builder(4, 3).stride(2, 1).nOut(3).convolutionMode(ConvolutionMode.Same)
            .activation(Activation.RELU).build(),
        new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG).kernelSize(3, 2).stride(2, 2)
            .convolutionMode(ConvolutionMode.Same).avgPoolIncludePadInDivisor(includePad).build(),
        new ConvolutionLayer.Builder(2, 2).padding(1, 0).nOut(4).convolutionMode(ConvolutionMode.Truncate)
            .activation(Activation.TANH).build(),
        new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(1, 1)
            .convolutionMode(ConvolutionMode.Same).build(),
        softmax(3));
    Dl4jNetworks.randomiseAllParameters(network, 10);
    assertMatches(network);
  }

  @Test
  void batchNormalisationIsFoldedIntoDenseAndConvolution() {
    MultiLayerNetwork network = Dl4jNetworks.network(11, InputType.convolutionalFlat(6, 6, 1),
        new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build(),
        new BatchNormalization.Builder().build(),
        new ActivationLayer.Builder().activation(Activation.RELU).build(),
        new DenseLayer.Builder().nOut(7).activation(Activation.IDENTITY).build(),
        new BatchNormalization.Builder().useLogStd(false).build(),
        new DropoutLayer.Builder(0.5).build(),
        new ActivationLayer.Builder().activation(Activation.ELU).build(),
        softmax(3));
    Dl4jNetworks.randomiseAllParameters(network, 12);
    assertMatches(network);
    RuntimeModel model = RuntimeCompiler.compile(network, KernelKind.DENSE);
    assertThat(model.layers()).extracting(LayerInfo::type)
        .containsExactly("conv2d", "activation", "flatten", "dense", "activation", "dense");
  }

  @Test
  void maskedWeightsBecomeZerosAndSparseKernelsAgreeWithDense() {
    Dataset data = Dl4jNetworks.data(8, 30, 4, null, 13);
    try (NetworkModel model = NetworkModel.of(Dl4jNetworks.architecture("mlp", List.of(20), "relu", data, 13))) {
      float[] mask = new float[30 * 20];
      for (int i = 0; i < mask.length; i++) {
        mask[i] = i % 10 == 0 ? 1f : 0f;
      }
      model.setMask("0_W", Nd4j.create(mask, new long[] {30, 20}, 'c'));
      RuntimeModel dense = RuntimeCompiler.compile(model, CompileOptions.of(KernelPolicy.DENSE), null, 0, List.of())
          .model();
      RuntimeModel sparse = RuntimeCompiler.compile(model, CompileOptions.of(KernelPolicy.SPARSE), null, 0,
          List.of()).model();
      assertThat(dense.layers().get(0).nonZeroCount()).isEqualTo(60); // DL4J starts biases at zero
      assertThat(sparse.layers().get(0).nonZeroCount()).isEqualTo(60); // DL4J starts biases at zero
      assertThat(sparse.layers().get(0).kernel()).isEqualTo(KernelKind.SPARSE);
      float[] x = Dl4jNetworks.rows(5, 30, 14);
      assertThat(maxDifference(sparse.predict(x, 5), dense.predict(x, 5))).isLessThanOrEqualTo(1e-6);
      assertThat(maxDifference(dense.predict(x, 5), Dl4jNetworks.output(model.network(), x, 5)))
          .isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void autoTimesLayersAboveTheThresholdOnly() {
    Dataset data = Dl4jNetworks.data(8, 30, 4, null, 15);
    try (NetworkModel model = NetworkModel.of(Dl4jNetworks.architecture("mlp", List.of(20), "relu", data, 15))) {
      model.setMask("0_W", Nd4j.zeros(30, 20));
      float[] sample = Dl4jNetworks.rows(4, 30, 16);
      RuntimeCompilation compilation = RuntimeCompiler.compile(model, new CompileOptions(KernelPolicy.AUTO, 0.5, 5),
          sample, 4, List.of("a", "b", "c", "d"));
      assertThat(compilation.choices()).hasSize(2);
      LayerChoice first = compilation.choices().get(0);
      assertThat(first.weightSparsity()).isEqualTo(1.0);
      assertThat(first.denseMicros()).isPositive();
      assertThat(first.sparseMicros()).isPositive();
      assertThat(first.kernel()).isEqualTo(first.sparseMicros() < first.denseMicros() ? "sparse" : "dense");
      assertThat(first.reason()).startsWith("timed: ");
      LayerChoice second = compilation.choices().get(1);
      assertThat(second.kernel()).isEqualTo("dense");
      assertThat(second.reason()).isEqualTo("0.0% zeros, below the 50.0% threshold");
      assertThat(compilation.model().classNames()).containsExactly("a", "b", "c", "d");
    }
  }

  @Test
  void unsupportedLayersAreRejectedWithIndexTypeAndWhatIsSupported() {
    MultiLayerNetwork global = Dl4jNetworks.network(17, InputType.convolutionalFlat(4, 4, 1),
        new ConvolutionLayer.Builder(2, 2).nOut(2).build(),
        new GlobalPoolingLayer.Builder().build(),
        softmax(2));
    assertThatThrownBy(() -> RuntimeCompiler.compile(global, KernelKind.DENSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 1 (GlobalPoolingLayer) is not supported; " + NetworkTranslator.SUPPORTED);
    MultiLayerNetwork recurrent = Dl4jNetworks.network(18, InputType.recurrent(3),
        new LSTM.Builder().nOut(4).build(),
        new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build());
    assertThatThrownBy(() -> RuntimeCompiler.compile(recurrent, KernelKind.DENSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (LSTM) takes images, but the network has no FeedForwardToCnnPreProcessor to say their "
            + "shape; build it with setInputType(InputType.convolutionalFlat(height, width, channels))");
    MultiLayerNetwork causal = Dl4jNetworks.network(19, InputType.convolutionalFlat(5, 5, 1),
        new ConvolutionLayer.Builder(2, 2).nOut(2).dilation(2, 2).build(),
        softmax(2));
    assertThatThrownBy(() -> RuntimeCompiler.compile(causal, KernelKind.DENSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (ConvolutionLayer): dilation [2, 2] is not supported; only 1x1");
    MultiLayerNetwork unfoldable = Dl4jNetworks.network(20, InputType.feedForward(4),
        new DenseLayer.Builder().nOut(3).activation(Activation.RELU).build(),
        new BatchNormalization.Builder().build(),
        softmax(2));
    assertThatThrownBy(() -> RuntimeCompiler.compile(unfoldable, KernelKind.DENSE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 1 (BatchNormalization) can only be folded into a dense or convolution layer with identity "
            + "activation right before it, but it follows layer 0 (DenseLayer) with activation relu; "
            + NetworkTranslator.SUPPORTED);
  }
}
