package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The QDQ building blocks of the int8 export (a start of issue 9's item 6): an int8 MLP and an
 * int8 convolution written in QDQ form run in ONNX Runtime with the Topiary runtime's int8
 * arithmetic — the same top-1 class on every row and probabilities close to a plain Java
 * implementation of that arithmetic (uint8/int8 input codes, int8 per-channel weight codes, int32
 * accumulators, one float rescale per output).
 */
class QdqLayersTest {

  @Test
  void anInt8MlpInQdqFormRunsWithTheRuntimesInt8Arithmetic() throws Exception {
    for (boolean unsigned : new boolean[] {true, false}) {
      Random random = new Random(unsigned ? 1 : 2);
      int rows = 64;
      float[] features = OnnxExporterTest.randomRows(rows, 6, 5);
      float[][] w0 = gaussian(random, 8, 6);
      float[][] w1 = gaussian(random, 3, 8);
      float[] b0 = gaussian(random, 1, 8)[0];
      float[] b1 = gaussian(random, 1, 3)[0];
      Int8LayerParameters l0 = quantize(w0, b0, features, unsigned);
      float[] hidden = relu(Int8Reference.dense(l0, features, rows));
      Int8LayerParameters l1 = quantize(w1, b1, hidden, unsigned);
      float[] expected = softmax(Int8Reference.dense(l1, hidden, rows), 3);

      OnnxGraph graph = new OnnxGraph("qdq", "int8 MLP");
      graph.input(OnnxExporter.INPUT_NAME, 6);
      String x = QdqLayers.quantizeInput(graph, "layer0", OnnxExporter.INPUT_NAME, l0);
      x = graph.node("Relu", "layer0/act", QdqLayers.dense(graph, "layer0", x, l0)).add();
      x = QdqLayers.quantizeInput(graph, "layer1", x, l1);
      graph.node("Softmax", OnnxExporter.OUTPUT_NAME, QdqLayers.dense(graph, "layer1", x, l1)).integer("axis", 1)
          .add();
      graph.output(OnnxExporter.OUTPUT_NAME, 3);
      byte[] model = OnnxExporter.modelBytes(graph, "test");

      float[] actual;
      try (OnnxRuntimeSession session = new OnnxRuntimeSession(model, 6)) {
        actual = session.run(features, rows);
      }
      assertAgrees(actual, expected, rows, 3);
      double[] reference = new OnnxReferenceEvaluator(ModelProto.parseFrom(model)).run(features, rows, 6);
      float[] referenceFloats = new float[reference.length];
      for (int k = 0; k < reference.length; k++) {
        referenceFloats[k] = (float) reference[k];
      }
      assertAgrees(referenceFloats, expected, rows, 3);
    }
  }

  @Test
  void anInt8ConvolutionInQdqFormAgreesWithTheReferenceInterpreter() throws Exception {
    Random random = new Random(3);
    int rows = 32;
    float[] features = OnnxExporterTest.randomRows(rows, 2 * 6 * 6, 9);
    // conv 3x3, 4 filters, stride 1, pads 1 (Same), on 2x6x6 images
    float[][] w = gaussian(random, 4, 2 * 3 * 3);
    float[] b = gaussian(random, 1, 4)[0];
    Int8LayerParameters conv = quantize(w, b, features, true);

    OnnxGraph graph = new OnnxGraph("qdq", "int8 conv");
    graph.input(OnnxExporter.INPUT_NAME, 72);
    String x = graph.node("Reshape", "to_image", OnnxExporter.INPUT_NAME, graph.longs("shape", -1, 2, 6, 6)).add();
    x = QdqLayers.quantizeInput(graph, "layer0", x, conv);
    x = QdqLayers.conv(graph, "layer0", x, conv, 2, 3, 3, new long[] {1, 1}, new long[] {1, 1, 1, 1},
        new long[] {1, 1});
    x = graph.node("Relu", "layer0/act", x).add();
    x = graph.node("Flatten", "flatten", x).integer("axis", 1).add();
    graph.node("Identity", OnnxExporter.OUTPUT_NAME, x).add();
    graph.output(OnnxExporter.OUTPUT_NAME, 4 * 36);
    byte[] model = OnnxExporter.modelBytes(graph, "test");

    float[] actual;
    try (OnnxRuntimeSession session = new OnnxRuntimeSession(model, 72)) {
      actual = session.run(features, rows);
    }
    double[] reference = new OnnxReferenceEvaluator(ModelProto.parseFrom(model)).run(features, rows, 72);
    double step = conv.inputScale() * maxScale(conv);
    double largest = 0;
    for (int k = 0; k < reference.length; k++) {
      largest = Math.max(largest, Math.abs(actual[k] - reference[k]));
    }
    // identical codes give identical accumulators: only float rounding of the rescale remains
    assertThat(largest).isLessThan(step);
  }

  @Test
  void theParametersAreValidatedWithExactMessages() {
    assertThatThrownBy(() -> new Int8LayerParameters(0f, 0, false, new float[] {1}, new byte[2], new float[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputScale must be positive, got 0.0");
    assertThatThrownBy(() -> new Int8LayerParameters(1f, 3, false, new float[] {1}, new byte[2], new float[1]))
        .hasMessage("inputZeroPoint must be 0 for symmetric int8 input, got 3");
    assertThatThrownBy(() -> new Int8LayerParameters(1f, 256, true, new float[] {1}, new byte[2], new float[1]))
        .hasMessage("inputZeroPoint must be in [0, 255] for uint8 input, got 256");
    assertThatThrownBy(() -> new Int8LayerParameters(1f, 0, false, new float[] {1, 1, 1}, new byte[4],
        new float[2])).hasMessage("weightScales must hold 1 or 2 scales, got 3");
    assertThatThrownBy(() -> new Int8LayerParameters(1f, 0, false, new float[] {1}, new byte[3], new float[2]))
        .hasMessage("codes (3) must be a whole number of rows of the 2 outputs");
  }

  // ---------------------------------------------------------------------------------------------

  /** The Topiary runtime's int8 arithmetic, in plain Java, with the bias rounded as QDQ stores it. */
  static final class Int8Reference {
    private Int8Reference() {}

    static float[] dense(Int8LayerParameters layer, float[] input, int rows) {
      int fanIn = layer.fanIn();
      int outputs = layer.outputs();
      float[] out = new float[rows * outputs];
      int low = layer.unsignedInput() ? 0 : -128;
      int high = layer.unsignedInput() ? 255 : 127;
      for (int r = 0; r < rows; r++) {
        int[] codes = new int[fanIn];
        for (int k = 0; k < fanIn; k++) {
          float scaled = input[r * fanIn + k] / layer.inputScale();
          codes[k] = Math.min(high, Math.max(low, (int) Math.rint(scaled) + layer.inputZeroPoint()));
        }
        for (int o = 0; o < outputs; o++) {
          long acc = 0;
          for (int k = 0; k < fanIn; k++) {
            acc += (long) (codes[k] - layer.inputZeroPoint()) * layer.codes()[o * fanIn + k];
          }
          float scale = layer.inputScale() * layer.weightScale(o);
          long bias = Math.round((double) layer.bias()[o] / scale);
          out[r * outputs + o] = (float) ((acc + bias) * (double) scale);
        }
      }
      return out;
    }
  }

  /** Per-output symmetric int8 weights and min/max input quantization calibrated on {@code input}. */
  private static Int8LayerParameters quantize(float[][] weights, float[] bias, float[] input, boolean unsigned) {
    float min = 0;
    float max = 0;
    for (float v : input) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    float scale;
    int zero;
    if (unsigned) {
      scale = (max - min) / 255f;
      zero = Math.round(-min / scale);
    } else {
      scale = Math.max(-min, max) / 127f;
      zero = 0;
    }
    int fanIn = weights[0].length;
    float[] scales = new float[weights.length];
    byte[] codes = new byte[weights.length * fanIn];
    for (int o = 0; o < weights.length; o++) {
      float largest = 0;
      for (float w : weights[o]) {
        largest = Math.max(largest, Math.abs(w));
      }
      scales[o] = largest / 127f;
      for (int k = 0; k < fanIn; k++) {
        codes[o * fanIn + k] = (byte) Math.round(weights[o][k] / scales[o]);
      }
    }
    return new Int8LayerParameters(scale, zero, unsigned, scales, codes, bias);
  }

  private static void assertAgrees(float[] actual, float[] expected, int rows, int classes) {
    assertThat(actual).hasSameSizeAs(expected);
    double largest = 0;
    for (int r = 0; r < rows; r++) {
      assertThat(top(actual, r, classes)).as("top-1 class of row %d", r).isEqualTo(top(expected, r, classes));
      for (int c = 0; c < classes; c++) {
        largest = Math.max(largest, Math.abs(actual[r * classes + c] - expected[r * classes + c]));
      }
    }
    assertThat(largest).as("largest probability difference").isLessThan(1e-4);
  }

  private static int top(float[] values, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (values[row * classes + c] > values[row * classes + best]) {
        best = c;
      }
    }
    return best;
  }

  private static float maxScale(Int8LayerParameters layer) {
    float largest = 0;
    for (int o = 0; o < layer.outputs(); o++) {
      largest = Math.max(largest, layer.weightScale(o));
    }
    return largest;
  }

  private static float[][] gaussian(Random random, int rows, int columns) {
    float[][] values = new float[rows][columns];
    for (float[] row : values) {
      for (int k = 0; k < columns; k++) {
        row[k] = (float) random.nextGaussian() * 0.5f;
      }
    }
    return values;
  }

  private static float[] relu(float[] values) {
    float[] out = values.clone();
    for (int k = 0; k < out.length; k++) {
      out[k] = Math.max(0f, out[k]);
    }
    return out;
  }

  private static float[] softmax(float[] logits, int classes) {
    float[] out = new float[logits.length];
    for (int r = 0; r < logits.length / classes; r++) {
      double top = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < classes; c++) {
        top = Math.max(top, logits[r * classes + c]);
      }
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        sum += Math.exp(logits[r * classes + c] - top);
      }
      for (int c = 0; c < classes; c++) {
        out[r * classes + c] = (float) (Math.exp(logits[r * classes + c] - top) / sum);
      }
    }
    return out;
  }
}
