package dev.topiary.deploy.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topiary.core.data.DataSplits;
import dev.topiary.core.data.Dataset;
import dev.topiary.core.model.ModelKind;
import dev.topiary.core.model.NetworkModel;
import dev.topiary.core.stage.Stage;
import dev.topiary.core.stage.StageContext;
import dev.topiary.core.stage.StageException;
import dev.topiary.core.stage.StageResult;
import dev.topiary.core.testing.TinyNetworks;
import dev.topiary.core.train.ProgressReporter;
import dev.topiary.deploy.RuntimeModelHandle;
import dev.topiary.deploy.compile.RuntimeCompiler;
import dev.topiary.runtime.KernelKind;
import dev.topiary.runtime.ModelSurgery;
import dev.topiary.runtime.ModelSurgery.Int8Replacement;
import dev.topiary.runtime.ModelSurgery.WeightedLayer;
import dev.topiary.runtime.RuntimeModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime models (fp32 and int8, quantized here with a plain min/max scheme through
 * {@link ModelSurgery}) exported to ONNX and checked by the reference evaluator and ONNX Runtime, and
 * {@code export.onnx} taking a runtime model.
 */
class RuntimeModelExportTest {

  @TempDir
  Path dir;

  private record Context(Path workDirectory, DataSplits data) implements StageContext {
    @Override
    public String stageName() {
      return "export";
    }

    @Override
    public long seed() {
      return 3;
    }

    @Override
    public ProgressReporter progress() {
      return ProgressReporter.NONE;
    }
  }

  /** Per-output symmetric weights and min/max asymmetric inputs, calibrated on {@code rows}. */
  static RuntimeModel int8(RuntimeModel fp32, float[] features, int rows, boolean dynamic) {
    List<float[]> trace = ModelSurgery.trace(fp32, features, rows);
    Map<Integer, Int8Replacement> replacements = new LinkedHashMap<>();
    for (WeightedLayer layer : ModelSurgery.weightedLayers(fp32)) {
      float[] w = layer.weights();
      float[] scales = new float[layer.outputs()];
      byte[] codes = new byte[w.length];
      for (int o = 0; o < layer.outputs(); o++) {
        float max = 1e-8f;
        for (int k = 0; k < layer.fanIn(); k++) {
          max = Math.max(max, Math.abs(w[o * layer.fanIn() + k]));
        }
        scales[o] = max / 127;
        for (int k = 0; k < layer.fanIn(); k++) {
          codes[o * layer.fanIn() + k] = (byte) Math.round(w[o * layer.fanIn() + k] / scales[o]);
        }
      }
      if (dynamic) {
        replacements.put(layer.index(), Int8Replacement.dynamic(scales, codes, layer.bias()));
        continue;
      }
      float[] input = layer.index() == 0 ? features : trace.get(layer.index() - 1);
      float low = 0;
      float high = 0;
      for (float v : input) {
        low = Math.min(low, v);
        high = Math.max(high, v);
      }
      float scale = Math.max(high - low, 1e-6f) / 255;
      int zero = Math.round(-low / scale) - 128;
      replacements.put(layer.index(), new Int8Replacement(scale, zero, scales, codes, layer.bias(), false));
    }
    return ModelSurgery.replace(fp32, replacements);
  }

  private static int top1(float[] p, int row, int classes) {
    int best = 0;
    for (int c = 1; c < classes; c++) {
      best = p[row * classes + c] > p[row * classes + best] ? c : best;
    }
    return best;
  }

  @Test
  void anInt8MlpWithInputScalingGoesThroughExportOnnxAndOnnxRuntimeAgrees() throws Exception {
    Dataset blobs = TinyNetworks.blobs(5, 200, 6, 3);
    RuntimeModel onFeatures;
    try (NetworkModel network = TinyNetworks.mlp(9, 6, 16, 3)) {
      onFeatures = int8(RuntimeCompiler.compile(network.network(), KernelKind.DENSE), blobs.featureRows(0, 200), 200,
          false);
    }
    float[] offset = {1, 2, 3, 4, 5, 6};
    float[] scale = {0.5f, 0.25f, 2, 1, 0.1f, 4};
    RuntimeModel deployed = onFeatures.withInputScaling(offset, scale);
    RuntimeModelHandle input = RuntimeModelHandle.of(deployed, onFeatures);
    Stage stage = OnnxExportSpec.stageFactory().create(new OnnxExportSpec("int8.onnx", 200));
    assertThat(stage.acceptedKinds()).containsExactlyInAnyOrder(ModelKind.DL4J_NETWORK, ModelKind.RUNTIME_MODEL);

    StageResult result = stage.apply(input, new Context(dir, new DataSplits(blobs, blobs, blobs)));

    RuntimeModelHandle output = (RuntimeModelHandle) result.model();
    assertThat(output).isNotSameAs(input);
    assertThat(output.model()).isSameAs(deployed);
    assertThat(output.modelOnFeatures()).isSameAs(onFeatures);
    Map<String, Object> diagnostics = result.diagnostics();
    assertThat(diagnostics.get("operators")).isEqualTo(List.of("Sub", "Mul",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Relu",
        "QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "DequantizeLinear", "Gemm", "Softmax"));
    @SuppressWarnings("unchecked")
    Map<String, Object> check = (Map<String, Object>) diagnostics.get("selfCheck");
    assertThat(check.get("examples")).isEqualTo(200);
    assertThat((double) check.get("top1Agreement")).isGreaterThanOrEqualTo(0.99);
    // ONNX Runtime on raw rows (features turned back through the scaling) gives the int8 runtime's classes
    float[] features = blobs.featureRows(0, 200);
    float[] raw = new float[features.length];
    for (int k = 0; k < raw.length; k++) {
      raw[k] = features[k] / scale[k % 6] + offset[k % 6];
    }
    try (OnnxRuntimeSession session = new OnnxRuntimeSession(Files.readAllBytes(dir.resolve("int8.onnx")), 6)) {
      float[] ort = session.run(raw, 200);
      float[] topiary = onFeatures.predict(features, 200);
      int same = 0;
      double largest = 0;
      for (int r = 0; r < 200; r++) {
        same += top1(ort, r, 3) == top1(topiary, r, 3) ? 1 : 0;
      }
      for (int k = 0; k < ort.length; k++) {
        largest = Math.max(largest, Math.abs(ort[k] - topiary[k]));
      }
      assertThat(same).isGreaterThanOrEqualTo(199);
      assertThat(largest).isLessThan(0.05);
    }
  }

  @Test
  void anFp32LenetRuntimeModelExportsWithTheSameProbabilities() throws Exception {
    Dataset images = TinyNetworks.imageBlobs(2, 20, 28, 10);
    try (NetworkModel network = lenet(images)) {
      RuntimeModel fp32 = RuntimeCompiler.compile(network.network(), KernelKind.DENSE);
      OnnxModel onnx = OnnxExporter.export(fp32);
      assertThat(onnx.operators()).containsExactly("Reshape", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool",
          "Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax");
      float[] rows = images.featureRows(0, 20);
      try (OnnxRuntimeSession session = new OnnxRuntimeSession(onnx)) {
        float[] ort = session.run(rows, 20);
        float[] topiary = fp32.predict(rows, 20);
        for (int k = 0; k < ort.length; k++) {
          assertThat((double) ort[k]).isCloseTo(topiary[k], org.assertj.core.api.Assertions.within(1e-4));
        }
      }
    }
  }

  @Test
  void anInt8LenetRunsInOnnxRuntimeWithTheRuntimesClasses() throws Exception {
    Dataset images = TinyNetworks.imageBlobs(2, 100, 28, 10);
    try (NetworkModel network = lenet(images)) {
      float[] rows = images.featureRows(0, 100);
      RuntimeModel int8 = int8(RuntimeCompiler.compile(network.network(), KernelKind.DENSE), rows, 100, false);
      OnnxModel onnx = OnnxExporter.export(int8);
      assertThat(onnx.operators()).startsWith("Reshape", "QuantizeLinear", "DequantizeLinear", "DequantizeLinear",
          "DequantizeLinear", "Conv", "Relu", "MaxPool");
      try (OnnxRuntimeSession session = new OnnxRuntimeSession(onnx)) {
        float[] ort = session.run(rows, 100);
        float[] topiary = int8.predict(rows, 100);
        int same = 0;
        for (int r = 0; r < 100; r++) {
          same += top1(ort, r, 10) == top1(topiary, r, 10) ? 1 : 0;
        }
        assertThat(same).isGreaterThanOrEqualTo(99);
      }
    }
  }

  @Test
  void aDynamicInt8ModelFailsTheStageWithTheLayer() {
    Dataset blobs = TinyNetworks.blobs(5, 20, 6, 3);
    RuntimeModel dynamic;
    try (NetworkModel network = TinyNetworks.mlp(9, 6, 16, 3)) {
      dynamic = int8(RuntimeCompiler.compile(network.network(), KernelKind.DENSE), blobs.featureRows(0, 20), 20, true);
    }
    String layer0 = dynamic.layers().get(0).name();
    assertThatThrownBy(() -> OnnxExportSpec.stageFactory().create(new OnnxExportSpec())
        .apply(RuntimeModelHandle.of(dynamic), new Context(dir, new DataSplits(blobs, blobs, blobs))))
        .isInstanceOf(StageException.class)
        .hasMessage("stage 'export': layer 0 (" + layer0 + ", dense/" + dynamic.layers().get(0).kernel()
            .toString().toLowerCase(java.util.Locale.ROOT) + "): is quantized dynamically (per example at run time), "
            + "which ONNX's QDQ form cannot express; quantize it with quantize.int8 (static, calibrated) to export it");
    assertThat(dir.resolve("model.onnx")).doesNotExist();
  }

  private static NetworkModel lenet(Dataset images) {
    var spec = new dev.topiary.core.source.TrainSpec("lenet5", null, "relu", 1, null, null, null, null, 4L);
    var network = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(spec.configuration(images, 4L));
    network.init();
    return NetworkModel.of(network);
  }
}
