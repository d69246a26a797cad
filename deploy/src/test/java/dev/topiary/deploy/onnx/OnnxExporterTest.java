package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.testing.TinyNetworks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Every layer kind, activation and padding mode the export supports, on tiny seeded networks: ONNX
 * Runtime runs the exported model with DL4J's probabilities within {@value #TOLERANCE}.
 */
class OnnxExporterTest {

  static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  @Test
  void denseLayersWithEveryActivation() throws Exception {
    MultiLayerNetwork network = network(null,
        new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.RELU).build(),
        new DenseLayer.Builder().nOut(5).activation(new ActivationLReLU(0.2)).build(),
        new DenseLayer.Builder().nOut(5).activation(new ActivationELU(0.7)).build(),
        new DropoutLayer.Builder(0.5).build(),
        new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build(),
        new DenseLayer.Builder().nOut(4).activation(Activation.SIGMOID).build(),
        new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).hasBias(false).build(),
        new ActivationLayer.Builder().activation(Activation.LEAKYRELU).build(),
        output(3));

    OnnxModel model = OnnxExporter.export(network);

    assertThat(model.operators()).containsExactly("Gemm", "Relu", "Gemm", "LeakyRelu", "Gemm", "Elu", "Gemm",
        "Tanh", "Gemm", "Sigmoid", "Gemm", "LeakyRelu", "Gemm", "Softmax");
    assertThat(model.inputSize()).isEqualTo(6);
    assertThat(model.imageShape()).isEmpty();
    assertThat(model.classCount()).isEqualTo(3);
    assertThat(model.parameterValues()).isEqualTo(network.numParams());
    assertSameProbabilities(network, model, 9);
  }

  @Test
  void convolutionInSameModePadsLikeDl4jIncludingTheAsymmetricCase() throws Exception {
    // 8 wide, kernel 3, stride 2: 4 outputs need 1 padding column, which DL4J puts after the image;
    // kernel 2, stride 1 needs 1 too
    MultiLayerNetwork network = network(InputType.convolutionalFlat(8, 8, 2),
        new ConvolutionLayer.Builder(3, 3).stride(2, 2).nOut(3).convolutionMode(ConvolutionMode.Same)
            .activation(Activation.RELU).build(),
        new ConvolutionLayer.Builder(2, 2).nOut(2).convolutionMode(ConvolutionMode.Same)
            .activation(Activation.TANH).build(),
        output(4));

    OnnxModel model = OnnxExporter.export(network);

    assertThat(model.imageShape()).containsExactly(2, 8, 8);
    assertThat(model.operators()).containsExactly("Reshape", "Conv", "Relu", "Conv", "Tanh", "Flatten", "Gemm",
        "Softmax");
    assertThat(attribute(model, "layer0/conv", "pads")).containsExactly(0L, 0L, 1L, 1L);
    assertThat(attribute(model, "layer1/conv", "pads")).containsExactly(0L, 0L, 1L, 1L);
    assertSameProbabilities(network, model, 5);
  }

  @Test
  void convolutionInTruncateModeWithPaddingStrideAndDilation() throws Exception {
    MultiLayerNetwork network = network(InputType.convolutionalFlat(9, 10, 1),
        new ConvolutionLayer.Builder(3, 2).stride(2, 1).padding(1, 2).dilation(1, 2).nOut(3)
            .convolutionMode(ConvolutionMode.Truncate).activation(Activation.ELU).build(),
        new ConvolutionLayer.Builder(2, 2).nOut(2).hasBias(false).convolutionMode(ConvolutionMode.Truncate)
            .activation(Activation.SIGMOID).build(),
        output(3));

    OnnxModel model = OnnxExporter.export(network);

    assertThat(attribute(model, "layer0/conv", "pads")).containsExactly(1L, 2L, 1L, 2L);
    assertThat(attribute(model, "layer0/conv", "dilations")).containsExactly(1L, 2L);
    assertSameProbabilities(network, model, 4);
  }

  @Test
  void maxPoolingInSameAndTruncateModes() throws Exception {
    MultiLayerNetwork network = network(InputType.convolutionalFlat(7, 7, 2),
        new ConvolutionLayer.Builder(1, 1).nOut(3).activation(Activation.IDENTITY).build(),
        new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
            .convolutionMode(ConvolutionMode.Same).build(),
        new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2).padding(1, 1)
            .convolutionMode(ConvolutionMode.Truncate).build(),
        output(3));

    OnnxModel model = OnnxExporter.export(network);

    assertThat(model.operators()).containsExactly("Reshape", "Conv", "MaxPool", "MaxPool", "Flatten", "Gemm",
        "Softmax");
    assertThat(attribute(model, "layer1/maxpool", "pads")).containsExactly(0L, 0L, 1L, 1L);
    assertSameProbabilities(network, model, 5);
  }

  @Test
  void averagePoolingExcludesOrIncludesPaddingInTheDivisorLikeDl4j() throws Exception {
    for (boolean includePad : new boolean[] {false, true}) {
      MultiLayerNetwork network = network(InputType.convolutionalFlat(7, 7, 1),
          new ConvolutionLayer.Builder(1, 1).nOut(2).activation(Activation.SIGMOID).build(),
          new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(2, 2).stride(2, 2)
              .avgPoolIncludePadInDivisor(includePad).convolutionMode(ConvolutionMode.Same).build(),
          new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(3, 3).stride(1, 1).padding(1, 1)
              .avgPoolIncludePadInDivisor(includePad).convolutionMode(ConvolutionMode.Truncate).build(),
          output(3));

      OnnxModel model = OnnxExporter.export(network);

      assertThat(attribute(model, "layer1/avgpool", "count_include_pad")).containsExactly(includePad ? 1L : 0L);
      assertSameProbabilities(network, model, 5);
    }
  }

  @Test
  void batchNormalizationOfRowsAndOfImagesWithEitherVarianceForm() throws Exception {
    for (boolean logStd : new boolean[] {true, false}) {
      MultiLayerNetwork network = network(InputType.convolutionalFlat(6, 6, 2),
          new ConvolutionLayer.Builder(3, 3).nOut(3).activation(Activation.IDENTITY).build(),
          new BatchNormalization.Builder().useLogStd(logStd).eps(1e-3).activation(Activation.RELU).build(),
          new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(),
          new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build(),
          new BatchNormalization.Builder().useLogStd(logStd).build(),
          output(3));
      randomizeStatistics(network, 1, logStd);
      randomizeStatistics(network, 4, logStd);

      OnnxModel model = OnnxExporter.export(network);

      // DL4J's batch normalisation layer ignores its activation (here relu, then the default sigmoid)
      assertThat(model.operators()).containsExactly("Reshape", "Conv", "BatchNormalization", "MaxPool",
          "Flatten", "Gemm", "BatchNormalization", "Gemm", "Softmax");
      assertThat(model.parameterValues()).isEqualTo(network.numParams());
      assertSameProbabilities(network, model, 6);
    }
  }

  @Test
  void maskedWeightsAreExportedAsZerosEvenIfTheParameterWasChangedAfterwards() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 3, 2)) {
      INDArray mask = Nd4j.create(new float[] {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0}, new long[] {4, 3}, 'c');
      model.setMask("0_W", mask);
      model.network().getParam("0_W").addi(1.0);

      OnnxModel onnx = OnnxExporter.export(model);

      float[] weights = initializer(onnx, "layer0/W");
      float[] expected = model.network().getParam("0_W").mul(mask).dup('c').data().asFloat();
      assertThat(weights).containsExactly(expected);
      for (int k = 1; k < weights.length; k += 2) {
        assertThat(weights[k]).as("weight %d", k).isZero();
      }
    }
  }

  @Test
  void theSelfCheckSeesAChangedWeight() throws Exception {
    try (NetworkModel model = TinyNetworks.mlp(3, 4, 3, 2)) {
      ModelProto proto = ModelProto.parseFrom(OnnxExporter.export(model).bytes());
      ModelProto.Builder tampered = proto.toBuilder();
      TensorProto.Builder bias = tampered.getGraphBuilder().getInitializerBuilderList().stream()
          .filter(t -> t.getName().equals("layer1/b")).findFirst().orElseThrow();
      float[] values = {0.5f, -0.5f};
      ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      bytes.asFloatBuffer().put(values);
      bias.setRawData(com.google.protobuf.ByteString.copyFrom(bytes.array()));
      float[] rows = randomRows(5, 4, 3);

      OnnxSelfCheck intact = OnnxSelfCheck.run(proto, model.inference(), rows, 5);
      OnnxSelfCheck changed = OnnxSelfCheck.run(tampered.build(), model.inference(), rows, 5);

      assertThat(intact.maxAbsDifference()).isLessThanOrEqualTo(TOLERANCE);
      assertThat(intact.top1Agreement()).isEqualTo(1.0);
      assertThat(changed.maxAbsDifference()).isGreaterThan(0.01);
    }
  }

  @Test
  void writesTheFileAtomicallyAndItParsesAsOpset13() throws Exception {
    MultiLayerNetwork network = network(null, new DenseLayer.Builder().nIn(3).nOut(2).build(), output(2));
    OnnxModel model = OnnxExporter.export(network);
    Path file = dir.resolve("out/model.onnx");

    model.writeTo(file);

    assertThat(Files.readAllBytes(file)).isEqualTo(model.bytes());
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("model.onnx");
    }
    ModelProto proto = ModelProto.parseFrom(model.bytes());
    assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(13);
    assertThat(proto.getIrVersion()).isEqualTo(7);
    assertThat(proto.getGraph().getInput(0).getName()).isEqualTo("features");
    assertThat(proto.getGraph().getOutput(0).getName()).isEqualTo("probabilities");
    assertThat(proto.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam())
        .isEqualTo("N");
  }

  @Test
  void theFileCarriesTheClassNamesAndTheInputShapeAsMetadata() throws Exception {
    MultiLayerNetwork network = network(InputType.convolutionalFlat(4, 4, 1),
        new ConvolutionLayer.Builder(3, 3).nOut(2).build(), output(3));

    OnnxModel model = OnnxExporter.export(network, List.of("cat", "dog", "a \"bird\""));

    assertThat(model.classNames()).containsExactly("cat", "dog", "a \"bird\"");
    try (var session = ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(model.bytes())) {
      Map<String, String> metadata = session.getMetadata().getCustomMetadata();
      assertThat(metadata).containsEntry("topiary.classNames", "[\"cat\",\"dog\",\"a \\\"bird\\\"\"]")
          .containsEntry("topiary.inputShape", "[1, 4, 4]");
    }
    assertThatThrownBy(() -> OnnxExporter.export(network, List.of("cat", "dog")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classNames must name each of the network's 3 classes, got 2 names");
  }

  @Test
  void rejectsAnUnsupportedLayerWithItsIndexTypeAndTheSupportedList() {
    MultiLayerNetwork network = network(InputType.convolutionalFlat(4, 4, 1),
        new ConvolutionLayer.Builder(3, 3).nOut(2).build(),
        new GlobalPoolingLayer.Builder(PoolingType.AVG).build(),
        output(2));

    assertThatThrownBy(() -> OnnxExporter.export(network))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 1 (GlobalPoolingLayer): cannot be exported to ONNX; supported layers: [DenseLayer, "
            + "OutputLayer, ConvolutionLayer, SubsamplingLayer, BatchNormalization, ActivationLayer, DropoutLayer]");
  }

  @Test
  void rejectsAnUnsupportedActivationAndPoolingType() {
    MultiLayerNetwork cube = network(null, new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.CUBE)
        .build(), output(2));
    assertThatThrownBy(() -> OnnxExporter.export(cube))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (DenseLayer): activation cube cannot be exported to ONNX; supported: [relu, leakyrelu, "
            + "elu, tanh, sigmoid, softmax, identity]");
    MultiLayerNetwork pnorm = network(InputType.convolutionalFlat(4, 4, 1),
        new SubsamplingLayer.Builder(PoolingType.PNORM).kernelSize(2, 2).stride(2, 2).pnorm(2).build(),
        output(2));
    assertThatThrownBy(() -> OnnxExporter.export(pnorm))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (SubsamplingLayer): pooling type PNORM cannot be exported to ONNX; supported: "
            + "[MAX, AVG]");
  }

  @Test
  void rejectsAConvolutionWhoseImageShapeIsUnknown() {
    MultiLayerNetwork network = network(InputType.convolutional(4, 4, 1),
        new ConvolutionLayer.Builder(3, 3).nOut(2).build(),
        output(2));

    assertThatThrownBy(() -> OnnxExporter.export(network))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("layer 0 (ConvolutionLayer): needs images of a known shape (a FeedForwardToCnnPreProcessor "
            + "before it, as InputType.convolutionalFlat sets up), got rows of 1 features");
  }

  // ---------------------------------------------------------------------------------------------

  /** Exports nothing; compares ONNX Runtime's probabilities with DL4J's on seeded random rows. */
  static void assertSameProbabilities(MultiLayerNetwork network, OnnxModel model, int rows) throws Exception {
    float[] features = randomRows(rows, model.inputSize(), 11);
    assertSameProbabilities(network, model, features, rows);
  }

  static double assertSameProbabilities(MultiLayerNetwork network, OnnxModel model, float[] features, int rows)
      throws Exception {
    float[] expected;
    try (INDArray x = Nd4j.create(features, new long[] {rows, model.inputSize()}, 'c');
        INDArray out = network.output(x, false)) {
      expected = out.dup('c').data().asFloat();
    }
    float[] actual;
    try (OnnxRuntimeSession session = new OnnxRuntimeSession(model)) {
      actual = session.run(features, rows);
    }
    assertThat(actual).hasSize(rows * model.classCount());
    double largest = 0;
    for (int k = 0; k < expected.length; k++) {
      largest = Math.max(largest, Math.abs(expected[k] - actual[k]));
    }
    assertThat(largest).as("largest difference from DL4J's probabilities").isLessThanOrEqualTo(TOLERANCE);
    // the stage's own check (a plain interpreter of the written file) agrees as well
    double[] reference = new OnnxReferenceEvaluator(ModelProto.parseFrom(model.bytes()))
        .run(features, rows, model.inputSize());
    for (int k = 0; k < expected.length; k++) {
      assertThat(reference[k]).as("reference value %d", k).isCloseTo(expected[k], within(TOLERANCE));
    }
    return largest;
  }

  static float[] randomRows(int rows, int width, long seed) {
    Random random = new Random(seed);
    float[] values = new float[rows * width];
    for (int k = 0; k < values.length; k++) {
      values[k] = (float) random.nextGaussian();
    }
    return values;
  }

  private static MultiLayerNetwork network(InputType input, Layer... layers) {
    NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
        .seed(5)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .list(layers);
    if (input != null) {
      list.setInputType(input);
    }
    MultiLayerNetwork network = new MultiLayerNetwork(list.build());
    network.init();
    // small random biases, so a wrong bias layout shows
    Random random = new Random(17);
    network.paramTable().forEach((key, param) -> {
      if (key.endsWith("_b")) {
        float[] values = new float[(int) param.length()];
        for (int k = 0; k < values.length; k++) {
          values[k] = (float) random.nextGaussian() * 0.3f;
        }
        param.assign(Nd4j.create(values, param.shape(), 'c'));
      }
    });
    return network;
  }

  private static OutputLayer output(int classes) {
    return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes).activation(Activation.SOFTMAX)
        .build();
  }

  /** Sets seeded, non-trivial mean, variance, gamma and beta on the batch norm layer {@code layer}. */
  private static void randomizeStatistics(MultiLayerNetwork network, int layer, boolean logStd) {
    Random random = new Random(23 + layer);
    for (String name : List.of("mean", logStd ? "log10stdev" : "var", "gamma", "beta")) {
      INDArray param = network.getParam(layer + "_" + name);
      float[] values = new float[(int) param.length()];
      for (int k = 0; k < values.length; k++) {
        values[k] = switch (name) {
          case "mean", "beta" -> (float) random.nextGaussian() * 0.5f;
          case "var" -> 0.2f + random.nextFloat() * 2f;
          case "log10stdev" -> (random.nextFloat() - 0.5f) * 0.8f;
          default -> 0.5f + random.nextFloat();
        };
      }
      param.assign(Nd4j.create(values, param.shape(), 'c'));
    }
  }

  private static List<Long> attribute(OnnxModel model, String node, String attribute) throws Exception {
    for (NodeProto proto : ModelProto.parseFrom(model.bytes()).getGraph().getNodeList()) {
      if (proto.getName().equals(node)) {
        return proto.getAttributeList().stream().filter(a -> a.getName().equals(attribute))
            .findFirst().map(a -> a.getIntsCount() > 0 ? a.getIntsList() : List.of(a.getI()))
            .orElseThrow(() -> new AssertionError(node + " has no attribute " + attribute));
      }
    }
    throw new AssertionError("no node " + node);
  }

  private static float[] initializer(OnnxModel model, String name) throws Exception {
    for (TensorProto tensor : ModelProto.parseFrom(model.bytes()).getGraph().getInitializerList()) {
      if (tensor.getName().equals(name)) {
        ByteBuffer buffer = tensor.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[buffer.remaining() / Float.BYTES];
        buffer.asFloatBuffer().get(values);
        return values;
      }
    }
    throw new AssertionError("no initializer " + name);
  }
}
