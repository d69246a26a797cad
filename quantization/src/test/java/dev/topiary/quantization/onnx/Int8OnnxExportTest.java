package dev.topiary.quantization.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.data.FashionMnistSampleDataSpec;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.source.TrainSpec;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.deploy.onnx.OnnxExporter;
import dev.topiary.deploy.onnx.OnnxModel;
import dev.topiary.quantization.DynamicQuantizer;
import dev.topiary.quantization.Int8Quantizer;
import dev.topiary.quantization.WeightGranularity;
import dev.topiary.runtime.RuntimeModel;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Networks trained briefly on the embedded Fashion-MNIST sample, quantized by {@link Int8Quantizer},
 * exported in QDQ form and run by ONNX Runtime Java on the first test rows: the same top-1 class as
 * Topiary's int8 runtime on at least 99.5 % of them.
 */
class Int8OnnxExportTest {

  private static final int TEST_ROWS = 2_000;
  private static final int CHUNK = 500;

  private static DataSplits data;

  @BeforeAll
  static void loadSample() throws Exception {
    data = new FashionMnistSampleDataSpec(0.1, 1_000, TEST_ROWS).load(null, 42);
  }

  @Test
  void mlpQuantizedToInt8RunsInOnnxRuntimeWithTheSameTop1() throws Exception {
    check(new TrainSpec("mlp", List.of(300, 150), "relu", 2, 64, null, null, null, 7L),
        List.of("QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Relu"));
  }

  @Test
  void lenet5QuantizedToInt8RunsInOnnxRuntimeWithTheSameTop1() throws Exception {
    check(new TrainSpec("lenet5", null, "relu", 1, 64, null, null, null, 7L),
        List.of("Reshape", "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Conv",
            "Relu", "MaxPool"));
  }

  @Test
  void aDynamicallyQuantizedLayerIsRejectedWithItsName() throws Exception {
    try (NetworkModel model = new TrainSpec("mlp", List.of(16), "relu", 1, 64, null, null, null, 7L)
        .train(data.train().head(200), 7, ProgressReporter.NONE)) {
      RuntimeModel dynamic = new DynamicQuantizer(WeightGranularity.PER_CHANNEL, List.of()).quantize(model)[1];
      assertThatThrownBy(() -> OnnxExporter.export(dynamic))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("layer 0 (")
          .hasMessageContaining("is quantized dynamically (per example at run time), which ONNX's QDQ form cannot "
              + "express; quantize it with quantize.int8 (static, calibrated) to export it");
    }
  }

  private static void check(TrainSpec spec, List<String> firstOperators) throws Exception {
    try (NetworkModel model = spec.train(data.train(), 7, ProgressReporter.NONE)) {
      RuntimeModel int8 = Int8Quantizer.builder().calibrationExamples(256).build().quantize(model, data.train())
          .model();
      OnnxModel onnx = OnnxExporter.export(int8);
      assertThat(onnx.operators().subList(0, firstOperators.size())).containsExactlyElementsOf(firstOperators);
      assertThat(onnx.operators()).endsWith("Softmax");
      Dataset test = data.test();
      assertThat(test.rows()).isEqualTo(TEST_ROWS);
      int same = 0;
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        try (OrtSession session = environment.createSession(onnx.bytes(), options)) {
          for (int from = 0; from < test.rows(); from += CHUNK) {
            int to = Math.min(test.rows(), from + CHUNK);
            float[] features = test.featureRows(from, to);
            float[] ort = run(environment, session, features, to - from, int8.inputSize());
            float[] topiary = int8.predict(features, to - from);
            for (int r = 0; r < to - from; r++) {
              same += top1(ort, r, 10) == top1(topiary, r, 10) ? 1 : 0;
            }
          }
        }
      }
      assertThat((double) same / test.rows()).as("top-1 agreement of ONNX Runtime with Topiary's int8 runtime")
          .isGreaterThanOrEqualTo(0.995);
    }
  }

  private static float[] run(OrtEnvironment environment, OrtSession session, float[] features, int rows,
      int inputSize) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(features),
            new long[] {rows, inputSize});
        OrtSession.Result result = session.run(Map.of(OnnxExporter.INPUT_NAME, input))) {
      FloatBuffer buffer = ((OnnxTensor) result.get(OnnxExporter.OUTPUT_NAME).orElseThrow()).getFloatBuffer();
      float[] values = new float[buffer.remaining()];
      buffer.get(values);
      return values;
    }
  }

  private static int top1(float[] probabilities, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      best = probabilities[row * classes + c] > probabilities[row * classes + best] ? c : best;
    }
    return best;
  }
}
