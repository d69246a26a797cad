package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FashionMnistSampleDataSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.model.TrainSpec;
import dev.topiary.core.train.ProgressReporter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three architectures Topiary trains, each trained briefly on a seeded subset of the embedded
 * Fashion-MNIST sample, exported, and run by ONNX Runtime on the test rows: probabilities within
 * {@value OnnxExporterTest#TOLERANCE} of DL4J's, and the same top-1 class for every row.
 */
class OnnxArchitecturesTest {

  private static DataSplits data;

  @BeforeAll
  static void loadSample() throws Exception {
    data = new FashionMnistSampleDataSpec(0.1, 400, 200).load(null, 42);
  }

  @Test
  void mlp() throws Exception {
    check(new TrainSpec("mlp", List.of(300, 150), "relu", 1, 64, null, null, null, 7L),
        List.of("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"));
  }

  @Test
  void lenet5() throws Exception {
    check(new TrainSpec("lenet5", null, "relu", 1, 64, null, null, null, 7L),
        List.of("Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm",
            "Relu", "Gemm", "Softmax"));
  }

  @Test
  void cnnSmall() throws Exception {
    check(new TrainSpec("cnn-small", null, "relu", 1, 64, null, null, null, 7L),
        List.of("Reshape", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Softmax"));
  }

  @Test
  void lenet5WithAnotherHiddenActivation() throws Exception {
    check(new TrainSpec("lenet5", null, "tanh", 1, 64, null, null, null, 7L),
        List.of("Reshape", "Conv", "Tanh", "MaxPool", "Conv", "Tanh", "MaxPool", "Flatten", "Gemm", "Tanh", "Gemm",
            "Tanh", "Gemm", "Softmax"));
  }

  private static void check(TrainSpec spec, List<String> operators) throws Exception {
    try (NetworkModel model = spec.train(data.train(), 7, ProgressReporter.NONE)) {
      OnnxModel onnx = OnnxExporter.export(model);
      assertThat(onnx.operators()).containsExactlyElementsOf(operators);
      assertThat(onnx.parameterValues()).isEqualTo(model.parameterCount());
      Dataset test = data.test();
      float[] features = test.featureRows(0, test.rows());
      double largest = OnnxExporterTest.assertSameProbabilities(model.network(), onnx, features, test.rows());
      assertThat(largest).isLessThanOrEqualTo(OnnxExporterTest.TOLERANCE);
      OnnxSelfCheck self = OnnxSelfCheck.run(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(onnx.bytes()),
          model.inference(), features, test.rows());
      assertThat(self.maxAbsDifference()).isLessThanOrEqualTo(OnnxExporterTest.TOLERANCE);
      assertThat(self.top1Agreement()).isEqualTo(1.0);
    }
  }
}
