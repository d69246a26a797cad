package dev.topiary.quantization.stages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.PreflightContext;
import dev.topiary.core.stage.PreflightProblem;
import dev.topiary.core.testing.TinyNetworks;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The quantize stages' pre-flight checks against an untrained network and split sizes: each
 * problem with its field and exact message, and nothing for good parameters.
 */
class QuantizationPreflightTest {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String SUPPORTED = "supported: DenseLayer, OutputLayer, ConvolutionLayer (NCHW, no dilation, "
      + "Same/Truncate/Strict mode), SubsamplingLayer (max, avg), BatchNormalization (after a dense or "
      + "convolution layer with identity activation), ActivationLayer, DropoutLayer (inference: identity); "
      + "activations identity, relu, leakyrelu, elu, tanh, sigmoid, softmax";

  private static Int8QuantizationSpec int8(String yaml) throws Exception {
    return YAML.readValue(yaml, Int8QuantizationSpec.class);
  }

  private static DynamicQuantizationSpec dynamic(String yaml) throws Exception {
    return YAML.readValue(yaml, DynamicQuantizationSpec.class);
  }

  /** 6 → 5 (selu, which the runtime has no kernel for) → 3 softmax. */
  private static MultiLayerNetwork seluNetwork() {
    MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
        .dataType(DataType.FLOAT).list()
        .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.SELU).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
            .activation(Activation.SOFTMAX).build())
        .build());
    network.init();
    return network;
  }

  @Test
  void goodParametersHaveNoProblem() throws Exception {
    try (NetworkModel network = TinyNetworks.mlp(1, 6, 5, 3)) {
      PreflightContext context = new PreflightContext(network.network(), 512, 50, 50);
      assertThat(new Int8QuantizationFactory().preflight(int8("{keepFloat: [layer1, dense_0, '0'],"
          + " maxAccuracyDrop: 0.001}"), context)).isEmpty();
      assertThat(new DynamicQuantizationFactory().preflight(dynamic("{keepFloat: [layer0]}"), context)).isEmpty();
    }
  }

  @Test
  void calibrationExamplesBeyondTheTrainingSplitIsFound() throws Exception {
    try (NetworkModel network = TinyNetworks.mlp(1, 6, 5, 3)) {
      PreflightContext context = new PreflightContext(network.network(), 450, 50, 50);
      assertThat(new Int8QuantizationFactory().preflight(int8("{calibrationExamples: 600}"), context))
          .containsExactly(new PreflightProblem("calibrationExamples", "calibrationExamples is 600, but the training"
              + " split has only 450 rows; set calibrationExamples to at most 450"));
      // the default (512) too: it is the training split that is small
      assertThat(new Int8QuantizationFactory().preflight(int8("{}"), context)).extracting(PreflightProblem::message)
          .containsExactly("calibrationExamples is 512, but the training split has only 450 rows; set"
              + " calibrationExamples to at most 450");
      assertThat(new Int8QuantizationFactory().preflight(int8("{calibrationExamples: 450}"), context)).isEmpty();
    }
  }

  @Test
  void maxAccuracyDropWithoutAValidationSplitIsFound() throws Exception {
    try (NetworkModel network = TinyNetworks.mlp(1, 6, 5, 3)) {
      PreflightContext context = new PreflightContext(network.network(), 600, 0, 50);
      assertThat(new Int8QuantizationFactory().preflight(int8("{maxAccuracyDrop: 0.001}"), context))
          .containsExactly(new PreflightProblem("maxAccuracyDrop", "maxAccuracyDrop needs a validation split to"
              + " measure the drop on, but the validation split is empty; set data.validationFraction above 0 or"
              + " remove maxAccuracyDrop"));
      assertThat(new Int8QuantizationFactory().preflight(int8("{}"), context)).isEmpty();
    }
  }

  @Test
  void keepFloatNamingNoLayerIsFoundWithTheKnownNames() throws Exception {
    try (NetworkModel network = TinyNetworks.mlp(1, 6, 5, 3)) {
      PreflightContext context = new PreflightContext(network.network(), 600, 50, 50);
      String known = "; known: [layer0, layer1, dense_0, dense_1]";
      assertThat(new Int8QuantizationFactory().preflight(int8("{keepFloat: [layer1, fc9, '7']}"), context))
          .containsExactly(
              new PreflightProblem("keepFloat[1]", "keepFloat names unknown layer 'fc9'" + known),
              new PreflightProblem("keepFloat[2]", "keepFloat names unknown layer '7'" + known));
      assertThat(new DynamicQuantizationFactory().preflight(dynamic("{keepFloat: [dense_9]}"), context))
          .containsExactly(new PreflightProblem("keepFloat[0]", "keepFloat names unknown layer 'dense_9'" + known));
    }
  }

  @Test
  void aLayerTheRuntimeCannotCompileIsNamedWithWhatIsSupported() throws Exception {
    MultiLayerNetwork network = seluNetwork();
    try {
      PreflightContext context = new PreflightContext(network, 600, 50, 50);
      PreflightProblem problem = new PreflightProblem("", "the runtime compiler cannot compile the network, so it"
          + " cannot be quantized: layer 0 (DenseLayer): activation selu is not supported; " + SUPPORTED);
      assertThat(new Int8QuantizationFactory().preflight(int8("{keepFloat: [fc9]}"), context))
          .containsExactly(problem);
      assertThat(new DynamicQuantizationFactory().preflight(dynamic("{}"), context)).containsExactly(problem);
    } finally {
      network.close();
    }
  }

  @Test
  void everyProblemIsReportedTogether() throws Exception {
    try (NetworkModel network = TinyNetworks.mlp(1, 6, 5, 3)) {
      PreflightContext context = new PreflightContext(network.network(), 100, 0, 50);
      assertThat(new Int8QuantizationFactory().preflight(int8("{calibrationExamples: 200, maxAccuracyDrop: 0.01,"
          + " keepFloat: [fc9]}"), context)).extracting(PreflightProblem::field)
          .containsExactly("calibrationExamples", "maxAccuracyDrop", "keepFloat[0]");
    }
  }
}
