package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FashionMnistSampleDataSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.train.ProgressReporter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three architectures Topiary trains, each trained briefly on a seeded subset of the embedded
 * Fashion-MNIST sample, exported, and run by ONNX Runtime on the whole test split (10,000 rows, in
 * chunks): probabilities within {@value OnnxExporterTest#TOLERANCE} of DL4J's, and the same top-1
 * class for every row. The stage's own check (the reference interpreter) runs on the first rows.
 */
class OnnxArchitecturesTest {

  private static final int CHUNK = 500;
  private static final int SELF_CHECK_ROWS = 100;

  private static DataSplits data;

  @BeforeAll
  static void loadSample() throws Exception {
    data = new FashionMnistSampleDataSpec(0.1, 400, null).load(null, 42);
  }

  @Test
  void mlp() throws Exception {
    check(new TrainSpec("mlp", List.of(300, 150), "relu", 1, 64, null, null, null, 7L), 10_000,
        List.of("Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax"));
  }

  @Test
  void lenet5() throws Exception {
    check(new TrainSpec("lenet5", null, "relu", 1, 64, null, null, null, 7L), 10_000,
        List.of("Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm",
            "Relu", "Gemm", "Softmax"));
  }

  @Test
  void cnnSmall() throws Exception {
    check(new TrainSpec("cnn-small", null, "relu", 1, 64, null, null, null, 7L), 10_000,
        List.of("Reshape", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Softmax"));
  }

  /** Another hidden activation, on the first 1,000 test rows. */
  @Test
  void lenet5WithAnotherHiddenActivation() throws Exception {
    check(new TrainSpec("lenet5", null, "tanh", 1, 64, null, null, null, 7L), 1_000,
        List.of("Reshape", "Conv", "Tanh", "MaxPool", "Conv", "Tanh", "MaxPool", "Flatten", "Gemm", "Tanh", "Gemm",
            "Tanh", "Gemm", "Softmax"));
  }

  private static void check(TrainSpec spec, int testRows, List<String> operators) throws Exception {
    try (NetworkModel model = spec.train(data.train(), 7, ProgressReporter.NONE)) {
      OnnxModel onnx = OnnxExporter.export(model);
      assertThat(onnx.operators()).containsExactlyElementsOf(operators);
      assertThat(onnx.parameterValues()).isEqualTo(model.parameterCount());
      assertThat(data.test().rows()).isEqualTo(10_000);
      Dataset test = data.test().head(testRows);
      double largest = 0;
      int sameTop1 = 0;
      try (OnnxRuntimeSession session = new OnnxRuntimeSession(onnx)) {
        for (int from = 0; from < test.rows(); from += CHUNK) {
          int to = Math.min(test.rows(), from + CHUNK);
          float[] onnxProbabilities = session.run(test.featureRows(from, to), to - from);
          float[] dl4j;
          try (INDArray x = test.featureMatrix(from, to); INDArray out = model.network().output(x, false)) {
            dl4j = out.dup('c').data().asFloat();
          }
          for (int r = 0; r < to - from; r++) {
            int onnxTop = 0;
            int dl4jTop = 0;
            for (int c = 0; c < 10; c++) {
              int k = r * 10 + c;
              largest = Math.max(largest, Math.abs(onnxProbabilities[k] - dl4j[k]));
              onnxTop = onnxProbabilities[k] > onnxProbabilities[r * 10 + onnxTop] ? c : onnxTop;
              dl4jTop = dl4j[k] > dl4j[r * 10 + dl4jTop] ? c : dl4jTop;
            }
            sameTop1 += onnxTop == dl4jTop ? 1 : 0;
          }
        }
      }
      assertThat(largest).as("largest difference on the test split").isLessThanOrEqualTo(OnnxExporterTest.TOLERANCE);
      assertThat(sameTop1).isEqualTo(test.rows());
      float[] features = test.featureRows(0, SELF_CHECK_ROWS);
      OnnxExporterTest.assertSameProbabilities(model.network(), onnx, features, SELF_CHECK_ROWS);
      OnnxSelfCheck self = OnnxSelfCheck.run(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(onnx.bytes()),
          model.inference(), features, SELF_CHECK_ROWS);
      assertThat(self.maxAbsDifference()).isLessThanOrEqualTo(OnnxExporterTest.TOLERANCE);
      assertThat(self.top1Agreement()).isEqualTo(1.0);
    }
  }
}
